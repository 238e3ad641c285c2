// npm run example:idp: a local OpenID Connect provider with two test accounts (docs/oidc.md).
// IDP_PORT (default 4000) and AUTH_URL (the auth service, default http://localhost:3000) set
// where it listens and which callback it accepts.
import { startTestIdp } from './test-idp.mjs';

const port = Number(process.env.IDP_PORT ?? 4000);
const authUrl = (process.env.AUTH_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const idp = await startTestIdp({
  port,
  accounts: {
    alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' },
    bob: { email: 'bob@example.com', email_verified: false, name: 'Bob' },
  },
  clients: [{ client_id: 'auth-service', client_secret: 'example-secret', redirect_uris: [`${authUrl}/auth/oidc/test-idp/callback`] }],
});
const providers = [{ id: 'test-idp', name: 'Test IdP', issuer: idp.issuer, clientId: 'auth-service', clientSecret: 'example-secret' }];
console.log(`Test IdP at ${idp.issuer} (accounts: alice@example.com verified, bob@example.com not verified)`);
console.log(`Start the auth service with:\n  OIDC_PROVIDERS='${JSON.stringify(providers)}'`);
const stop = () => idp.close().then(() => process.exit(0));
process.on('SIGINT', stop).on('SIGTERM', stop);
