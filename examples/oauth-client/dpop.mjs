// A DPoP-bound session (RFC 9449): the refresh token is useless without the device's key.
//   AUTH_URL=http://localhost:3000 node examples/oauth-client/dpop.mjs
// Works with DPOP_NONCE=on too: a use_dpop_nonce answer is retried with the nonce it carries.
import * as oauth from 'oauth4webapi';
import { exportJWK, SignJWT } from 'jose';

const issuer = new URL(process.env.AUTH_URL ?? 'http://localhost:3000');
const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...options }));
const client = { client_id: 'my-app' };

// The device's key: the private half is not extractable, so it cannot be copied off the device
const keyPair = await oauth.generateKeyPair('ES256');
const DPoP = oauth.DPoP(client, keyPair);

// A login with a DPoP proof binds the new session to the key (oauth4webapi makes proofs for
// OAuth requests only, so this one proof is made with jose)
const proof = async (htm, url, nonce) =>
  new SignJWT({ htm, htu: url.href, jti: crypto.randomUUID(), ...(nonce ? { nonce } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keyPair.publicKey) })
    .setIssuedAt()
    .sign(keyPair.privateKey);
const email = `grace-${Date.now()}@example.com`;
const password = 'correct horse battery';
const post = async (path, body, headers = {}) =>
  fetch(new URL(path, issuer), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
await post('/auth/register', { email, password });
const loginUrl = new URL('/auth/login', issuer);
const loginWith = async (nonce) => post('/auth/login', { email, password }, { dpop: await proof('POST', loginUrl, nonce) });
let response = await loginWith();
if (response.status === 401 && (await response.clone().json()).code === 'use_dpop_nonce')
  response = await loginWith(response.headers.get('dpop-nonce'));
const login = await response.json();
console.log('login:', login.tokenType); // DPoP

// Refresh with proofs of the same key: oauth4webapi signs them
const refresh = async () =>
  oauth.processRefreshTokenResponse(
    as,
    client,
    await oauth.refreshTokenGrantRequest(as, client, oauth.None(), login.refreshToken, { ...options, DPoP }),
  );
// with server nonces, the first try teaches the handle the nonce and the second one uses it
const tokens = await refresh().catch((error) => (oauth.isDPoPNonceError(error) ? refresh() : Promise.reject(error)));
console.log('refreshed:', tokens.token_type); // dpop

// Calls to the API carry `Authorization: DPoP <token>` and a proof bound to the token (ath)
const me = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL('/auth/me', issuer), new Headers(), null, {
  ...options,
  DPoP,
});
console.log('GET /auth/me:', me.status, (await me.json()).email);

// The same refresh token copied somewhere without the key is refused, and ends nothing
const stolen = await post('/auth/refresh', { refreshToken: tokens.refresh_token });
console.log('without the key:', stolen.status, (await stolen.json()).code); // 401 invalid_dpop_proof
