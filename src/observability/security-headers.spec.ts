import { describe, expect, it } from '@jest/globals';
import helmet, { type HelmetOptions } from 'helmet';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { DOCS_CSP, headersOf } from './security-headers.js';

/** What helmet's own middleware leaves on a real Node response. */
function helmetOnResponse(policy: HelmetOptions): Record<string, string> {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet(policy)(response.req, response, () => undefined);
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
}

const API = { contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"] } } };

describe('headersOf: a policy computed once gives what helmet sets per request', () => {
  it.each<[string, HelmetOptions]>([
    ['the API policy', { ...API, referrerPolicy: { policy: 'no-referrer' }, strictTransportSecurity: false }],
    ['the API policy in production (HSTS)', { ...API, strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true } }],
    [
      'a page policy with frameguard',
      { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP }, frameguard: { action: 'deny' } },
    ],
  ])('%s', (_name, policy) => {
    const computed = Object.fromEntries(headersOf(policy).map(([name, value]) => [name.toLowerCase(), value]));
    expect(computed).toEqual(helmetOnResponse(policy));
    expect(computed['content-security-policy']).toBeDefined();
  });
});
