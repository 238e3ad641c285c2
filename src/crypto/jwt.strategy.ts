import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { decodeProtectedHeader } from 'jose';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { GuardError, userFromClaims, type AuthenticatedUser } from '@auth-service/guard';
import { AppConfig } from '../config/app-config.js';
import { KeysService, SIGNING_ALG } from './keys.service.js';

/** RFC 9068 access tokens; media types compare case-insensitively, with or without the prefix. */
const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

/**
 * The service's check of its own access tokens, as a passport-jwt strategy the way Nest's
 * authentication recipe writes one: passport-jwt extracts the token, jsonwebtoken checks the
 * signature (ES256 only), `iss`, `aud`, `exp` and `nbf`, and `validate` turns the claims into
 * the caller with the same rules as the guard other services import (`userFromClaims`).
 *
 * The keys come from memory (KeysService), not a JWKS fetch. jsonwebtoken knows nothing of
 * `typ` or `crit`, so the key provider refuses a token that is not an access token or names a
 * critical extension (RFC 7515 4.1.11: we understand none) before looking its key up.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    keys: KeysService,
    private readonly config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKeyProvider: (_request: unknown, token: string, done: (error: unknown, key?: string | Buffer) => void) => {
        // jsonwebtoken 9 verifies with a KeyObject; @types/passport-jwt predates KeyObjects
        keyFor(token, keys).then(
          (key) => done(null, key as unknown as Buffer),
          (error) => done(error),
        );
      },
      issuer: config.issuer,
      audience: config.AUTH_AUDIENCE,
      algorithms: [SIGNING_ALG],
    });
  }

  /** Runs after the signature and the registered claims passed. */
  validate(payload: Record<string, unknown>): AuthenticatedUser {
    // we know exactly how long the tokens we sign live
    return userFromClaims(payload, this.config.ACCESS_TOKEN_TTL);
  }
}

/** The signing key a token names, after the header checks that need no signature check. */
async function keyFor(token: string, keys: KeysService) {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new GuardError('invalid_token', 'The access token is malformed');
  }
  if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYP.test(header.typ)) {
    throw new GuardError('invalid_token', 'The token is not an access token (typ must be at+jwt)');
  }
  if (header.crit !== undefined) throw new GuardError('invalid_token', 'The access token names critical header extensions');
  if (typeof header.kid !== 'string') throw new GuardError('invalid_token', 'The access token names no key');
  const key = await keys.verificationKey(header.kid);
  if (!key) throw new GuardError('invalid_token', 'The access token was signed with an unknown key');
  return key;
}
