// A local OpenID Connect provider for trying and testing "Sign in with a provider" (docs/oidc.md):
// panva's oidc-provider with a fixed list of test accounts and a one-page sign-in that lists
// them. The tests start it on a free port and can script its next answer; `npm run example:idp`
// starts it for a person to click through.
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/**
 * @typedef {{ email?: string, email_verified?: boolean, name?: string }} TestAccount
 * @typedef {{ client_id: string, client_secret?: string, redirect_uris: string[] }} TestClient
 * @typedef {{ login: string } | { error: string, error_description?: string }} ScriptedAnswer
 */

/** A signing key for the provider, with its private JWK (tests sign tampered ID tokens with it). */
export async function newSigningKey(kid = 'test-idp-key') {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

/**
 * Starts the provider on `port` (0: a free one) of 127.0.0.1.
 * @param {{ port?: number, host?: string, accounts: Record<string, TestAccount>, clients: TestClient[], signingKey?: object }} options
 */
export async function startTestIdp(options) {
  const signingKey = options.signingKey ?? (await newSigningKey());
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, host, resolve));
  const issuer = `http://${host}:${server.address().port}`;
  const accounts = options.accounts;

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: c.client_secret ? 'client_secret_basic' : 'none',
      ...c,
    })),
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-idp-cookies-are-not-secret'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // first-party test clients: every requested scope is granted without a consent page
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  const idp = {
    issuer,
    signingKey,
    /** @type {ScriptedAnswer | undefined} the next sign-in's answer, without a page (tests) */
    next: undefined,
    /** @type {((idToken: string) => Promise<string>) | undefined} replaces the token endpoint's ID token (tests) */
    tamperIdToken: undefined,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && idp.tamperIdToken && ctx.body && typeof ctx.body.id_token === 'string') {
      ctx.body = { ...ctx.body, id_token: await idp.tamperIdToken(ctx.body.id_token) };
    }
  });

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url.startsWith('/interaction/')) return callback(req, res);
    interaction(provider, idp, accounts, req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  return idp;
}

async function interaction(provider, idp, accounts, req, res) {
  const details = await provider.interactionDetails(req, res);
  let answer = idp.next;
  idp.next = undefined;
  if (!answer && req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    answer = form.get('deny') ? { error: 'access_denied', error_description: 'The person said no' } : { login: form.get('login') ?? '' };
  }
  if (!answer) return page(res, details.uid, accounts);
  const result = 'error' in answer ? answer : { login: { accountId: answer.login } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req
      .on('data', (chunk) => chunks.push(chunk))
      .on('end', () => resolve(Buffer.concat(chunks).toString()))
      .on('error', reject);
  });
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in page: one button per test account, and one to refuse. */
function page(res, uid, accounts) {
  const buttons = Object.entries(accounts)
    .map(
      ([id, a]) =>
        `<li><button name="login" value="${escapeHtml(id)}">Sign in as ${escapeHtml(a.email ?? id)}</button> ${a.email_verified ? '(email verified)' : '(email not verified)'}</li>`,
    )
    .join('');
  res.setHeader('content-type', 'text/html; charset=utf-8');
  // no form-action: Chromium applies it to the redirects after the post, back to the relying party
  res.setHeader('content-security-policy', "default-src 'none'");
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head><body>
<h1>Test IdP</h1><p>A local OpenID Connect provider for trying the auth service. Pick an account:</p>
<form method="post" action="/interaction/${escapeHtml(uid)}"><ul>${buttons}</ul><button name="deny" value="1">Deny</button></form></body></html>`);
}
