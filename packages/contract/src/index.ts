export * from './wire.js';
export * from './openapi.gen.js';
