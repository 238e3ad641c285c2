// A stock OAuth client (oauth4webapi) against the auth service: discovery, refresh,
// introspection and revocation. Run against `npm start`:
//   AUTH_URL=http://localhost:3000 INTROSPECTION_SECRET=... node examples/oauth-client/bearer.mjs
import * as oauth from 'oauth4webapi';

const issuer = new URL(process.env.AUTH_URL ?? 'http://localhost:3000');
// oauth4webapi insists on https; allow plain http for a local service only
const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};

// RFC 8414: the metadata names every endpoint below
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...options }));
const client = { client_id: 'my-app' }; // a public client: no secret, no registration

// Logging in stays the service's own JSON endpoint (there is no authorization endpoint)
const email = `ada-${Date.now()}@example.com`;
const password = 'correct horse battery';
const json = (path, body) =>
  fetch(new URL(path, issuer), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
await json('/auth/register', { email, password });
const login = await (await json('/auth/login', { email, password })).json();

// RFC 6749 §6: refresh. The same rotation, grace and reuse detection as POST /auth/refresh.
const refresh = async (refreshToken) =>
  oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, options));
const tokens = await refresh(login.refreshToken);
console.log('refreshed:', tokens.token_type, tokens.expires_in, 'new refresh token:', tokens.refresh_token !== login.refreshToken);
await refresh(tokens.refresh_token);

// The first token again, after its successor was rotated too, is reuse (within
// REFRESH_REUSE_GRACE of its own rotation it would be a retry): invalid_grant, family gone
try {
  await refresh(login.refreshToken);
} catch (error) {
  console.log('reuse:', error.error, '-', error.error_description);
}

// RFC 7662: a resource server that is not Nest asks whether a token is live
const login2 = await (await json('/auth/login', { email, password })).json();
const rs = { client_id: 'orders-api' };
const introspect = async (token) =>
  oauth.processIntrospectionResponse(
    as,
    rs,
    await oauth.introspectionRequest(as, rs, oauth.ClientSecretBasic(process.env.INTROSPECTION_SECRET), token, options),
  );
console.log('introspected:', await introspect(login2.accessToken));

// RFC 7009: revoking either token ends the whole session; introspection says so at once
await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), login2.refreshToken, options));
console.log('after revocation:', await introspect(login2.accessToken));
