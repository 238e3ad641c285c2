import * as oauth from 'oauth4webapi';
import { ISSUER } from '../guard-fixtures.js';

/**
 * oauth4webapi, a stock OAuth client, pointed at a test app. The app's issuer is
 * http://auth.test (what its metadata and the proofs name); requests to it go to the app's
 * real address. Plain http needs allowInsecureRequests, as oauth4webapi wants https.
 */
export function oauthClient(baseUrl: string) {
  const customFetch: typeof fetch = (input, init) =>
    fetch(String(input instanceof Request ? input.url : input).replace(ISSUER, baseUrl), init);
  const options = { [oauth.allowInsecureRequests]: true, [oauth.customFetch]: customFetch } as const;
  const issuer = new URL(ISSUER);
  const client: oauth.Client = { client_id: 'test-app' };
  return {
    issuer,
    client,
    options,
    async discover(): Promise<oauth.AuthorizationServer> {
      return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...options }));
    },
    async refresh(as: oauth.AuthorizationServer, refreshToken: string, dpop?: oauth.DPoPHandle) {
      const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshToken, { ...options, DPoP: dpop });
      return oauth.processRefreshTokenResponse(as, client, response);
    },
  };
}

/** The OAuth error a stock client reports for a refused request, e.g. `invalid_grant`. */
export async function oauthError(promise: Promise<unknown>): Promise<{ error: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError) return { error: error.error, status: error.status };
    throw error;
  }
  throw new Error('the request succeeded');
}
