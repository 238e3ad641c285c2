import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { startTestApp, type TestApp } from './support/test-app.js';

/** GET /console: the built admin console, served by the service with headers of its own. */
describe('console assets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = (path: string) => fetch(`${t.url}${path}`);

  function expectConsoleHeaders(response: Response): void {
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    );
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
      'base-uri': "'none'",
    });
    expect(csp).not.toContain('unsafe');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  }

  it('serves the console page at /console and /console/, with a strict CSP and no inline script', async () => {
    for (const path of ['/console', '/console/']) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expectConsoleHeaders(response);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [tag, body] of scripts) {
        expect(tag).toMatch(/\bsrc="\/console\/assets\/[^"]+\.js"/);
        expect(body.trim()).toBe('');
      }
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
    }
  });

  it('serves the hashed assets as immutable, under the same headers', async () => {
    const html = await (await get('/console')).text();
    const [script] = html.match(/\/console\/assets\/[^"]+\.js/)!;
    const [style] = html.match(/\/console\/assets\/[^"]+\.css/)!;
    const js = await get(script);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectConsoleHeaders(js);
    expect((await get(style)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers the API error body for a missing asset, and never serves a file outside the build', async () => {
    const missing = await get('/console/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, code: 'not_found' });

    // fetch would normalise the dots away: send the raw path
    const traversal = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${t.url}/console/..%2f..%2fpackage.json`, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(traversal.status).toBeGreaterThanOrEqual(400);
    expect(traversal.status).toBeLessThan(500);
    expect(traversal.body).not.toContain('nest-auth-service');
  });

  it('leaves the API routes without the console CSP', async () => {
    const response = await get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy') ?? '').not.toContain("connect-src 'self'");
  });
});
