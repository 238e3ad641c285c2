import { Inject, Injectable } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { AccessTokenVerifier, type AuthenticatedUser, tokenIsOutdated } from '@auth-service/guard';
import { DPOP_ALGORITHMS } from '@auth-service/guard';
import { SessionsService } from '../sessions/sessions.service.js';
import { DpopService } from '../dpop/dpop.service.js';
import { type FormFields, formField, requiredFormField } from './form-body.js';
import { OAuthError } from './oauth-errors.js';

/** RFC 6749 §5.1 token response. */
export interface OAuthTokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  refresh_token: string;
}

/** RFC 7662 introspection response: `{ active: false }` says nothing more. */
export type IntrospectionResponse = { active: false } | ({ active: true } & Record<string, unknown>);

/** The one grant this service issues tokens for at /oauth/token (login is POST /auth/login). */
const GRANT_TYPES = ['refresh_token'];

/**
 * The OAuth 2.0 face of the service for stock clients and resource servers: the refresh grant
 * (RFC 6749 §6), revocation (RFC 7009), introspection (RFC 7662) and metadata (RFC 8414). It
 * owns no session logic: refresh, revocation and lookups are SessionsService's, so rotation,
 * grace, reuse detection, device and DPoP binding behave exactly as at /auth/refresh.
 */
@Injectable()
export class OAuthService {
  private readonly introspectionSecret?: Buffer;

  constructor(
    private readonly sessions: SessionsService,
    private readonly dpop: DpopService,
    private readonly verifier: AccessTokenVerifier,
    private readonly crypto: CryptoService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.introspectionSecret = config.INTROSPECTION_SECRET ? crypto.hashToken(config.INTROSPECTION_SECRET) : undefined;
  }

  /** POST /oauth/token: `grant_type=refresh_token`, with a DPoP proof when the family is bound. */
  async token(form: FormFields, proof: unknown, client: ClientInfo): Promise<OAuthTokenResponse> {
    const grantType = requiredFormField(form, 'grant_type');
    if (!GRANT_TYPES.includes(grantType))
      throw new OAuthError('unsupported_grant_type', `Only ${GRANT_TYPES.join(', ')} is supported here; log in with POST /auth/login`);
    const refreshToken = requiredFormField(form, 'refresh_token');
    // a form carries a plain token only: REFRESH_ENVELOPE=required refuses it here as at /auth/refresh
    if (this.config.REFRESH_ENVELOPE === 'required')
      throw new AppError(ErrorCode.EnvelopeRequired, 'REFRESH_ENVELOPE=required: refresh at POST /auth/refresh with an envelope');
    const jkt = await this.dpop.proofKey(proof, 'POST', '/oauth/token');
    const pair = await this.sessions.refresh(refreshToken, undefined, client, jkt);
    return { access_token: pair.accessToken, token_type: pair.tokenType, expires_in: pair.expiresIn, refresh_token: pair.refreshToken };
  }

  /**
   * POST /oauth/revoke: a refresh token (any generation of its family) or a live access token
   * ends its whole session family. Anything else is ignored, as RFC 7009 §2.2 wants, so the
   * answer tells nobody whether a string was a token.
   */
  async revoke(form: FormFields, client: ClientInfo): Promise<void> {
    const token = requiredFormField(form, 'token');
    formField(form, 'token_type_hint'); // a hint only: both kinds are tried whatever it says
    if (await this.sessions.revokeByRefreshToken(token, 'oauth_revoke', client)) return;
    const user = await this.accessTokenUser(token);
    if (user) await this.sessions.endFamilies({ ids: [user.sessionId], userId: user.userId }, { reason: 'oauth_revoke', client });
  }

  /** POST /oauth/introspect, for resource servers holding INTROSPECTION_SECRET. */
  async introspect(form: FormFields, authorization: unknown): Promise<IntrospectionResponse> {
    this.authenticateResourceServer(authorization);
    const token = requiredFormField(form, 'token');
    formField(form, 'token_type_hint');
    const generation = await this.sessions.findByRefreshToken(token);
    if (generation) {
      const live = generation.rotatedAt === null && !generation.idleExpired && !generation.familyExpired && !generation.disabled;
      if (!live) return { active: false };
      const expiresAt = Math.min(generation.idleExpiresAt.getTime(), generation.familyExpiresAt.getTime());
      return {
        active: true,
        token_type: 'refresh_token',
        iss: this.config.issuer,
        sub: generation.userId,
        sid: generation.familyId,
        iat: Math.floor(generation.createdAt.getTime() / 1000),
        exp: Math.floor(expiresAt / 1000),
        ...(generation.jkt ? { cnf: { jkt: generation.jkt } } : {}),
      };
    }
    const user = await this.accessTokenUser(token);
    // a token whose session has ended is inactive at once, however far its exp is
    const owner = user && (await this.sessions.findSessionOwner(user.sessionId));
    if (!user || !owner || owner.userId !== user.userId) return { active: false };
    if (owner.notBefore && tokenIsOutdated(user.issuedAt, owner.notBefore.getTime())) return { active: false };
    return {
      active: true,
      token_type: user.jkt ? 'DPoP' : 'Bearer',
      iss: this.config.issuer,
      aud: this.config.AUTH_AUDIENCE,
      sub: user.userId,
      sid: user.sessionId,
      jti: user.tokenId,
      exp: user.expiresAt,
      roles: owner.roles,
      ...(Object.keys(owner.claims).length > 0 ? { claims: owner.claims } : {}),
      ...(user.jkt ? { cnf: { jkt: user.jkt } } : {}),
    };
  }

  /** Whether introspection is configured (it is advertised and answered only then). */
  get introspectionEnabled(): boolean {
    return this.introspectionSecret !== undefined;
  }

  /** GET /.well-known/oauth-authorization-server (RFC 8414). */
  metadata(): Record<string, unknown> {
    const at = (path: string) => this.dpop.endpoint(path);
    return {
      issuer: this.config.issuer,
      token_endpoint: at('/oauth/token'),
      revocation_endpoint: at('/oauth/revoke'),
      ...(this.introspectionEnabled
        ? {
            introspection_endpoint: at('/oauth/introspect'),
            introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
          }
        : {}),
      jwks_uri: at('/.well-known/jwks.json'),
      grant_types_supported: GRANT_TYPES,
      // no authorization endpoint: users log in with POST /auth/login
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    };
  }

  /**
   * The introspection credential: `Authorization: Basic` with INTROSPECTION_SECRET as the
   * password (any client id), or `Bearer <secret>`. Both sides are hashed before the
   * constant-time comparison, so the timing shows neither length nor prefix.
   */
  private authenticateResourceServer(authorization: unknown): void {
    if (!this.introspectionSecret) throw new AppError(ErrorCode.NotFound);
    const presented = presentedSecret(authorization);
    if (presented === undefined || !this.crypto.constantEquals(this.crypto.hashToken(presented), this.introspectionSecret)) {
      throw new OAuthError('invalid_client', 'Introspection needs the INTROSPECTION_SECRET (Basic or Bearer)', 401, {
        'WWW-Authenticate': 'Basic realm="introspection"',
      });
    }
  }

  /** The caller behind one of our access tokens that verifies now, else undefined. */
  private async accessTokenUser(token: string): Promise<AuthenticatedUser | undefined> {
    try {
      return await this.verifier.verify(token);
    } catch {
      return undefined;
    }
  }
}

/** The secret of `Basic base64(id:secret)` (RFC 6749 §2.3.1 form-encodes both) or `Bearer secret`. */
function presentedSecret(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const bearer = /^Bearer +(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic +([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}
