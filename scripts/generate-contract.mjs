// The generated part of the wire contract: packages/contract/src/openapi.gen.ts, the answer
// shapes, made by openapi-typescript from the service's own /openapi.json.
// test/api-types.e2e-spec.ts compares it with a running service's document and rewrites it
// with UPDATE_CONTRACT=1 (`npm run contract:generate`).
//
// The client and the guard install on their own, without the private contract package: their
// builds compile packages/contract/src into their own dist/contract, which they import as
// `#contract` (package.json "imports").

export const OPENAPI_TYPES = 'packages/contract/src/openapi.gen.ts';

const HEADER = '// Generated from GET /openapi.json by openapi-typescript (npm run contract:generate): do not edit.\n';

/** The TypeScript types of an OpenAPI document, as openapi.gen.ts has them. */
export async function openapiTypes(document) {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  return HEADER + astToString(await openapiTS(document));
}
