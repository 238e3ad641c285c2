import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
// @ts-expect-error: a plain ES module script, no declarations
import { OPENAPI_TYPES, openapiTypes } from '../scripts/generate-contract.mjs';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The answer types the client and the console compile against are generated from the service's
 * own OpenAPI document: a change to a response DTO that is not regenerated fails here.
 * `npm run contract:generate` (UPDATE_CONTRACT=1) rewrites them.
 */
describe('the generated answer types', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it("are those of the running service's /openapi.json", async () => {
    const document = (await http(t.url, 'GET', '/openapi.json')).body;
    const expected: string = await openapiTypes(document);
    if (process.env.UPDATE_CONTRACT === '1') {
      writeFileSync(OPENAPI_TYPES, expected);
    }
    expect(readFileSync(OPENAPI_TYPES, 'utf8')).toBe(expected);
  });

  it('say that a token pair is Bearer or DPoP, and may lack the refresh token (cookie mode)', () => {
    const text = readFileSync(OPENAPI_TYPES, 'utf8');
    const pair = text.slice(text.indexOf('TokenPairResponse: {'), text.indexOf('};', text.indexOf('TokenPairResponse: {')));
    expect(pair).toMatch(/tokenType: "Bearer" \| "DPoP";/);
    expect(pair).toMatch(/refreshToken\?: string;/);
  });
});
