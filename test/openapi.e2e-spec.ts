import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { newAdmin } from './support/admin.js';
import { loginAs, newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Routes that are not the JSON API: the document itself and its page, the admin console. A route serving HTML
 * pages or static files (a console, a reset-password page) is added here by its prefix, and its
 * Nest handler gets @ApiExcludeEndpoint(); every other route must be in the document.
 */
const NOT_API = (url: string) =>
  ['/openapi.json', '/docs', '/console'].includes(url) || url.startsWith('/docs/') || url.startsWith('/console/');

interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown; examples?: Record<string, unknown> }> }>;
}

/**
 * The OAuth endpoints answer errors as RFC 6749 §5.2 has them (`{ error, error_description }`),
 * so their error answers have that schema, and `error` is their code.
 */
const OAUTH = (path: string) => path.startsWith('/oauth/');
const OAUTH_BODY = (path: string, status: string) => OAUTH(path) && status !== '404' && status !== '503';
const ERROR_SCHEMA = (path: string, status: string) => ({
  $ref: `#/components/schemas/${OAUTH_BODY(path, status) ? 'OAuthErrorBody' : 'ApiErrorBody'}`,
});
const codeOf = (path: string, body: unknown) => {
  const { code, error } = (body ?? {}) as { code?: string; error?: string };
  return code ?? (OAUTH(path) ? error : undefined);
};

/** `/auth/sessions/:id` as OpenAPI writes it: `/auth/sessions/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('OpenAPI document', () => {
  let t: TestApp;
  const routes: { method: string; url: string }[] = [];
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

  beforeAll(async () => {
    t = await startTestApp(
      {},
      {
        beforeListen: (app) =>
          app
            .getHttpAdapter()
            .getInstance()
            .addHook('onRoute', (route) => {
              for (const method of [route.method].flat()) routes.push({ method, url: route.url });
            }),
      },
    );
    const response = await http(t.url, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    doc = response.body;
  });
  afterAll(() => t.close());

  it('is OpenAPI 3 with the docs/api.md error body as a schema', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.schemas.ApiErrorBody).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'error', 'code', 'message']),
    });
  });

  it('describes every route the server registered', () => {
    const api = routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !NOT_API(r.url));
    expect(api.length).toBeGreaterThan(15);
    const missing = api.filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    // and nothing that is not served
    const served = new Set(api.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`));
    const extra = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
      .filter((op) => !served.has(op));
    expect(extra).toEqual([]);
  });

  it('documents the device token of a login, asked and answered', () => {
    const schemas = doc.components.schemas as Record<
      string,
      { properties?: Record<string, unknown>; allOf?: { properties?: Record<string, unknown> }[] }
    >;
    const properties = (name: string) => ({
      ...schemas[name]?.properties,
      ...Object.assign({}, ...(schemas[name]?.allOf ?? []).map((part) => part.properties)),
    });
    expect(Object.keys(properties('LoginDto'))).toContain('deviceToken');
    const login = doc.paths['/auth/login'].post.responses['200'].content?.['application/json']?.schema as { $ref: string };
    expect(Object.keys(properties(login.$ref.split('/').pop()!))).toEqual(
      expect.arrayContaining(['deviceToken', 'refreshToken', 'accessToken']),
    );
  });

  it('documents every validated field of every body, query and path DTO', () => {
    const parameters = new Set(
      Object.values(doc.paths)
        .flatMap((ops) => Object.values(ops))
        .flatMap((op) => ((op as { parameters?: { name: string }[] }).parameters ?? []).map((p) => p.name)),
    );
    const undocumented: string[] = [];
    const seen = new Set<Function>();
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const controller of module.controllers.values()) {
        const prototype = (controller.metatype as Function).prototype;
        for (const method of Object.getOwnPropertyNames(prototype)) {
          for (const type of (Reflect.getMetadata('design:paramtypes', prototype, method) ?? []) as Function[]) {
            if (seen.has(type)) continue;
            seen.add(type);
            const fields = new Set(
              getMetadataStorage()
                .getTargetValidationMetadatas(type, '', true, false)
                .map((m) => m.propertyName),
            );
            const schema = doc.components.schemas[type.name] as { properties?: Record<string, unknown> } | undefined;
            for (const field of fields) {
              if (!(schema ? field in (schema.properties ?? {}) : parameters.has(field))) undocumented.push(`${type.name}.${field}`);
            }
          }
        }
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(undocumented).toEqual([]);
  }, 240_000); // every route three times, each with a login: minutes on a loaded machine

  it('gives every operation a success answer with a schema and its errors with an example of each code', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses);
        // a redirect is the success answer of the OpenID Connect start and callback
        expect({ op: `${method} ${path}`, success: statuses.some((s) => s.startsWith('2') || s === '302') }).toEqual({
          op: `${method} ${path}`,
          success: true,
        });
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          const json = op.responses[status].content?.['application/json'];
          expect(json?.schema).toEqual(ERROR_SCHEMA(path, status));
          for (const example of Object.values(json?.examples ?? {}) as { value: { statusCode?: number; error_description?: string } }[]) {
            if (OAUTH_BODY(path, status)) expect(typeof example.value.error_description).toBe('string');
            else expect(example.value.statusCode).toBe(Number(status));
          }
        }
      }
    }
  });

  it('documents each code a route actually answers, and bearer security where an access token is needed', async () => {
    const user = await newUser(t.url);
    const admin = await newAdmin(t);
    const undocumented: string[] = [];
    const callers: [string, () => Promise<string | undefined>][] = [
      ['anonymous', async () => undefined],
      ['user', async () => (await loginAs(t.url, user)).accessToken],
      ['admin', async () => (await loginAs(t.url, admin)).accessToken],
    ];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [who, token] of callers) {
          const url = path.replace(/\{[^}]+\}/g, randomUUID());
          const body = ['post', 'patch', 'put'].includes(method) ? {} : undefined;
          const answer = await probe(method.toUpperCase(), `${t.url}${url}`, await token(), body);
          const documented = op.responses[String(answer.status)];
          const code = answer.status >= 400 ? codeOf(path, answer.body) : undefined;
          if (!documented || (code && !documented.content?.['application/json']?.examples?.[code])) {
            undocumented.push(`${method.toUpperCase()} ${path} as ${who}: ${answer.status} ${code ?? ''}`);
          }
          if (who === 'anonymous' && code === 'invalid_token')
            expect({ path, security: op.security?.length ?? 0 }).toEqual({ path, security: 1 });
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('serves the docs page and its assets from this service', async () => {
    const page = await fetch(`${t.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//); // nothing from another host
      const response = await fetch(new URL(asset, `${t.url}/docs`));
      // read it all: an unread body keeps the connection busy and the server from closing
      const bytes = (await response.arrayBuffer()).byteLength;
      expect({ asset, status: response.status, empty: bytes === 0 }).toEqual({ asset, status: 200, empty: false });
    }
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

/** One request; the body parsed when it is JSON (/metrics answers text). */
async function probe(method: string, url: string, token: string | undefined, body: unknown): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text };
}
