import type { Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AccessTokenVerifier } from '@auth-service/guard';
import { KeysService, SIGNING_ALG } from './keys.service.js';

/**
 * The verifier of our own access tokens, with keys from memory instead of a JWKS fetch: the
 * same checks as the guard other services import. One instance serves the service's guard and
 * the OAuth introspection and revocation endpoints, so they share its cache of verified tokens.
 */
export const accessTokenVerifierProvider: Provider = {
  provide: AccessTokenVerifier,
  inject: [KeysService, AppConfig],
  useFactory: (keys: KeysService, config: AppConfig) => new AccessTokenVerifier({
    issuer: config.issuer,
    audience: config.AUTH_AUDIENCE,
    // we know exactly how long the tokens we sign live
    maxLifetimeSeconds: config.ACCESS_TOKEN_TTL,
    resolveKey: async (kid) => {
      const key = await keys.verificationKey(kid);
      return key && { key, alg: SIGNING_ALG };
    },
  }),
};
