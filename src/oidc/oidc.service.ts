import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { AuthenticationFacts } from '@auth-service/guard';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AuthService, type LoginAnswer } from '../auth/auth.service.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { PROVIDER_SIGN_IN_AMR } from '../mfa/amr.js';
import { MfaService } from '../mfa/mfa.service.js';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { Tx, UnitOfWork } from '../database/unit-of-work.js';
import { MetricsService } from '../observability/metrics.service.js';
import { emailProblem } from '../email-address/email.js';
import type { User } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import { IdentitiesRepository, Identity } from './identities.repository.js';
import { OidcProvidersService } from './oidc-providers.service.js';
import { OidcTicketsRepository, TicketKind } from './oidc-tickets.repository.js';
import { signInVerdict } from './sign-in-verdict.js';

/** Seconds an authorization request (its state, nonce and PKCE verifier) may take to come back. */
export const STATE_TTL = 600;
/** Seconds a mode=code sign-in code and a link token live. */
export const CODE_TTL = 60;
export const LINK_TOKEN_TTL = 60;

/** The `error` of a failed sign-in's redirect (API.md), and the results of auth_oidc_total. */
export const OIDC_ERRORS = [
  'access_denied',
  'invalid_state',
  'provider_error',
  'account_exists',
  'account_disabled',
  'mfa_required',
  'email_not_verified',
] as const;
export type OidcError = (typeof OIDC_ERRORS)[number];

/** Query of GET /auth/oidc/:id/start, validated by the controller's DTO. */
export interface StartRequest {
  redirect_uri: string;
  mode: 'cookie' | 'code';
  code_challenge?: string;
  deviceId?: string;
  deviceName?: string;
  link_token?: string;
}

/** The server side of an authorization request, sealed in its `state` ticket. */
interface FlowTicket {
  provider: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  mode: 'cookie' | 'code';
  codeChallenge?: string;
  deviceId?: string;
  deviceName?: string;
  linkUserId?: string;
  /** SHA-256 (hex) of the flow cookie the start set in this browser. */
  binding: string;
}

/** A mode=code sign-in waiting for its exchange. */
interface CodeTicket {
  provider: string;
  userId: string;
  codeChallenge: string;
  deviceId?: string;
  deviceName?: string;
}

/** Where the browser goes next; with a session when a mode=cookie sign-in succeeded. */
export interface CallbackOutcome {
  location: string;
  session?: LoginAnswer;
}

/** A sign-in refused with one of the redirect errors (and extra query parameters such as mfa_token). */
class SignInRefused extends Error {
  constructor(
    readonly error: OidcError,
    readonly reason: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(reason);
  }
}

/** What the provider said about the person, once openid-client has checked the ID token. */
interface ProviderPerson {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
}

/**
 * Sign in with an OpenID Connect provider as a relying party on openid-client: authorization
 * code flow with PKCE (S256), state and nonce, every check of the responses and the ID token
 * done by the library. The flow's server state lives in PostgreSQL (oidc_tickets), so any
 * instance finishes a flow another started.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('Oidc');
  private readonly redirectOrigins: Set<string>;

  constructor(
    private readonly providers: OidcProvidersService,
    private readonly tickets: OidcTicketsRepository,
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly audit: AuditRepository,
    private readonly crypto: CryptoService,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: MetricsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.redirectOrigins = new Set(config.oidcRedirectOrigins);
  }

  /** GET /auth/providers: what sign-in buttons an app shows. */
  list(): { id: string; name: string }[] {
    return this.providers.list().map(({ config }) => ({ id: config.id, name: config.name }));
  }

  /** The callback URL registered at the provider. */
  callbackUrl(providerId: string): string {
    return new URL(`/auth/oidc/${providerId}/callback`, this.config.issuer).href;
  }

  /**
   * GET /auth/oidc/:id/start. Checks the request (unknown provider 404; a redirect_uri on no
   * allowed origin 400, with no redirect; a spent link token 400), stores the flow and answers
   * where to send the browser, and the value of the cookie that binds the flow to this browser.
   */
  async start(providerId: string, request: StartRequest): Promise<{ location: string; binding?: string }> {
    const provider = this.providers.get(providerId);
    if (!provider) throw new AppError(ErrorCode.NotFound, 'No such provider');
    const redirectUri = this.allowedRedirect(request.redirect_uri);
    const linkUserId = request.link_token === undefined ? undefined : await this.spendLinkToken(request.link_token);
    if (!provider.client) {
      this.metrics.oidc(providerId, 'provider_error');
      return { location: withParams(redirectUri, { error: 'provider_error' }) };
    }
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const binding = this.crypto.randomToken();
    const flow: FlowTicket = {
      provider: providerId,
      nonce,
      codeVerifier,
      redirectUri,
      mode: request.mode,
      codeChallenge: request.mode === 'code' ? request.code_challenge : undefined,
      deviceId: request.deviceId,
      deviceName: request.deviceName,
      linkUserId,
      binding: this.crypto.hashToken(binding).toString('hex'),
    };
    await this.putTicket('state', state, flow, STATE_TTL);
    const url = oidc.buildAuthorizationUrl(provider.client, {
      redirect_uri: this.callbackUrl(providerId),
      scope: provider.config.scopes,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { location: url.href, binding };
  }

  /**
   * GET /auth/oidc/:id/callback. `query` is the raw query string the provider sent, `binding`
   * the flow cookie of this browser. An unknown, spent or expired state is 400 invalid_state
   * (there is no flow to send the browser back to); every later failure redirects to the
   * flow's redirect_uri with `error`, and no session exists.
   */
  async callback(providerId: string, query: string, binding: string | undefined, client: ClientInfo): Promise<CallbackOutcome> {
    const provider = this.providers.get(providerId);
    if (!provider) throw new AppError(ErrorCode.NotFound, 'No such provider');
    const state = new URLSearchParams(query).get('state');
    const flow = state ? await this.takeTicket<FlowTicket>('state', state) : undefined;
    if (!flow) {
      this.metrics.oidc(providerId, 'invalid_state');
      throw new AppError(ErrorCode.InvalidState);
    }
    try {
      // a flow started for another provider, or in another browser (login CSRF: someone else's
      // authorization response planted in this browser), is not this flow
      if (flow.provider !== providerId) throw new SignInRefused('invalid_state', 'provider_mismatch');
      if (binding === undefined || !this.crypto.constantEquals(this.crypto.hashToken(binding), Buffer.from(flow.binding, 'hex'))) {
        throw new SignInRefused('invalid_state', 'browser_mismatch');
      }
      if (!provider.client) throw new SignInRefused('provider_error', 'not_discovered');
      const person = await this.authenticate(provider.client, providerId, query, state!, flow);
      const user = await this.whom(providerId, person, flow.linkUserId, client);
      const location = await this.admit(user, providerId, flow, client);
      this.metrics.oidc(providerId, 'success');
      return location;
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      this.metrics.oidc(providerId, error.error);
      this.logger.log(`provider ${providerId}: sign-in refused with ${error.error} (${error.reason})`);
      return { location: withParams(flow.redirectUri, { error: error.error, ...error.extra }) };
    }
  }

  /**
   * POST /auth/oidc/exchange: the token pair of a mode=code sign-in, for the app that holds the
   * PKCE verifier. `origin` is what a cookie-mode exchange binds its family to (as a cookie-mode
   * login does); undefined for a body-token exchange.
   */
  async exchange(code: string, codeVerifier: string, client: ClientInfo, origin?: string): Promise<LoginAnswer> {
    const ticket = await this.takeTicket<CodeTicket>('code', code);
    // the code is spent either way: a wrong verifier gets no second try
    if (!ticket) throw new AppError(ErrorCode.OidcCodeInvalid);
    const challenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
    if (!this.crypto.constantEquals(Buffer.from(challenge), Buffer.from(ticket.codeChallenge)))
      throw new AppError(ErrorCode.OidcCodeInvalid);
    const user = await this.users.findById(ticket.userId);
    if (user.disabled) throw new AppError(ErrorCode.AccountDisabled);
    return this.auth.startSession(
      user,
      `oidc:${ticket.provider}`,
      { deviceId: ticket.deviceId, deviceName: ticket.deviceName },
      client,
      origin,
    );
  }

  /** GET /auth/identities. */
  listIdentities(userId: string): Promise<Identity[]> {
    return this.identities.listByUser(userId);
  }

  /** POST /auth/identities/link-token: a single-use token, 60 s, that makes a provider sign-in link to this user. */
  async issueLinkToken(userId: string): Promise<string> {
    const token = this.crypto.randomToken();
    await this.putTicket('link', token, { userId }, LINK_TOKEN_TTL);
    return token;
  }

  /**
   * DELETE /auth/identities/:id: never the last way to sign in (409 last_sign_in_method); a user
   * with a second factor confirms with it first (403 step_up_required: POST /auth/step-up).
   */
  async unlink(userId: string, caller: AuthenticationFacts, identityId: string, client: ClientInfo): Promise<void> {
    if (await this.mfa.hasFactor(userId)) this.mfa.requireStepUp(caller);
    await this.unitOfWork.run(async (tx) => {
      const methods = await this.identities.lockSignInMethods(userId, tx);
      const identity = methods?.identities.find((i) => i.id === identityId);
      if (!methods || !identity) throw new AppError(ErrorCode.NotFound);
      if (!methods.hasPassword && methods.identities.length === 1) throw new AppError(ErrorCode.LastSignInMethod);
      await this.identities.delete(userId, identityId, tx);
      await this.audit.record(
        {
          type: AuditType.IdentityUnlinked,
          userId,
          sessionId: null,
          ...client,
          detail: { provider: identity.provider, subject: identity.subject },
        },
        tx,
      );
    });
  }

  /**
   * The authorization code grant by openid-client, which checks the response (state, iss), the
   * PKCE exchange and the ID token (signature against the provider's JWKS, iss, aud, exp, iat,
   * nonce). The email comes from the ID token, else from the userinfo endpoint (whose `sub`
   * the library checks against the ID token's).
   */
  private async authenticate(
    client: oidc.Configuration,
    providerId: string,
    query: string,
    state: string,
    flow: FlowTicket,
  ): Promise<ProviderPerson> {
    const currentUrl = new URL(this.callbackUrl(providerId));
    currentUrl.search = query;
    let claims: oidc.IDToken;
    let accessToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(client, currentUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      accessToken = tokens.access_token;
    } catch (error) {
      throw refusalOf(error);
    }
    let profile: Record<string, unknown> = claims;
    if (typeof claims.email !== 'string' && client.serverMetadata().userinfo_endpoint) {
      try {
        profile = { ...(await oidc.fetchUserInfo(client, accessToken, claims.sub)), ...claims };
      } catch (error) {
        throw new SignInRefused('provider_error', `userinfo: ${(error as Error).message}`);
      }
    }
    const email = typeof profile.email === 'string' && emailProblem(profile.email) === undefined ? profile.email : undefined;
    return {
      subject: claims.sub,
      email,
      emailVerified: profile.email_verified === true,
      name: typeof profile.name === 'string' ? profile.name.slice(0, 200) : undefined,
    };
  }

  /**
   * Whom the sign-in is for (signInVerdict), acted on: the user signed in, linked now, or
   * created now with the identity, in one transaction with the audit rows.
   */
  private async whom(providerId: string, person: ProviderPerson, linkUserId: string | undefined, client: ClientInfo): Promise<User> {
    const linked = await this.identities.findBySubject(providerId, person.subject);
    const emailAccount = person.email === undefined ? null : await this.users.findByEmail(person.email);
    const verdict = signInVerdict({
      linkedUserId: linked?.userId,
      linkTokenUserId: linkUserId,
      providerEmail: person.email,
      providerEmailVerified: person.emailVerified,
      emailAccount: emailAccount ?? undefined,
    });
    const identity = { provider: providerId, subject: person.subject, email: person.email ?? null };
    switch (verdict.kind) {
      case 'refuse':
        throw new SignInRefused(verdict.error, verdict.reason);
      case 'sign_in':
        return this.users.findById(verdict.userId);
      case 'link':
        return this.unitOfWork.run(async (tx) => {
          await this.link(verdict.userId, identity, verdict.via, client, tx);
          return this.users.findById(verdict.userId);
        });
      case 'create':
        try {
          return await this.users.createFromProvider(
            { email: person.email!, name: person.name ?? null, emailVerified: person.emailVerified, method: `oidc:${providerId}` },
            client,
            (user, tx) => this.link(user.id, identity, 'new_user', client, tx),
          );
        } catch (error) {
          // an account with this email was created meanwhile: judged again, it is that account's case
          if (error instanceof AppError && error.code === ErrorCode.EmailTaken)
            throw new SignInRefused('account_exists', 'email_taken_meanwhile');
          throw error;
        }
    }
  }

  private async link(
    userId: string,
    identity: { provider: string; subject: string; email: string | null },
    via: string,
    client: ClientInfo,
    tx: Tx,
  ): Promise<void> {
    // a concurrent sign-in linked this provider account first (the unique index decides)
    if (!(await this.identities.insert({ id: this.crypto.uuid(), userId, ...identity }, tx)))
      throw new SignInRefused('account_exists', 'linked_meanwhile');
    await this.audit.record({ type: AuditType.IdentityLinked, userId, sessionId: null, ...client, detail: { ...identity, via } }, tx);
  }

  /**
   * The one step between "who" and "a session", for every provider sign-in: refusals that hold
   * for any sign-in (disabled account, unverified email when required), then the session for
   * mode=cookie or a one-time code for mode=code.
   *
   * A second factor goes here, before anything is issued: when the user has one, the sign-in
   * ends in `SignInRefused('mfa_required', ..., { mfa_token })` from the mfa module's challenge
   * (docs/oidc.md, "Second factor"), with one look at the user's factors in either mode.
   */
  private async admit(user: User, providerId: string, flow: FlowTicket, client: ClientInfo): Promise<CallbackOutcome> {
    if (user.disabled) throw new SignInRefused('account_disabled', 'disabled');
    if (this.config.REQUIRE_EMAIL_VERIFICATION === 'on' && !user.emailVerified)
      throw new SignInRefused('email_not_verified', 'email_not_verified');
    const device = { deviceId: flow.deviceId, deviceName: flow.deviceName };
    const method = `oidc:${providerId}`;
    try {
      if (flow.mode === 'code') {
        // the exchange starts the session; a second factor is asked for now, before a code exists
        await this.mfa.challenge(user, device, { amr: [...PROVIDER_SIGN_IN_AMR], method });
        const code = this.crypto.randomToken();
        await this.putTicket<CodeTicket>(
          'code',
          code,
          { provider: providerId, userId: user.id, codeChallenge: flow.codeChallenge!, ...device },
          CODE_TTL,
        );
        return { location: withParams(flow.redirectUri, { code }) };
      }
      return {
        location: flow.redirectUri,
        session: await this.auth.startSession(user, method, device, client, new URL(flow.redirectUri).origin),
      };
    } catch (error) {
      // the app finishes with POST /auth/mfa/verify, whatever the mode
      if (error instanceof AppError && error.code === ErrorCode.MfaRequired)
        throw new SignInRefused('mfa_required', 'second_factor', { mfa_token: String(error.extra?.mfaToken) });
      // the account was disabled or its password changed while the sign-in was being judged
      if (error instanceof AppError && error.code === ErrorCode.InvalidCredentials)
        throw new SignInRefused('account_disabled', 'changed_meanwhile');
      throw error;
    }
  }

  /** The redirect_uri when it is an absolute http(s) URL, without fragment, on an allowed origin. */
  private allowedRedirect(redirectUri: string): string {
    let url: URL | undefined;
    try {
      url = new URL(redirectUri);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.hash !== '' || !this.redirectOrigins.has(url.origin)) {
      throw new AppError(ErrorCode.RedirectUriNotAllowed);
    }
    return url.href;
  }

  private async spendLinkToken(token: string): Promise<string> {
    const ticket = await this.takeTicket<{ userId: string }>('link', token);
    if (!ticket) throw new AppError(ErrorCode.LinkTokenInvalid);
    return ticket.userId;
  }

  private async putTicket<T>(kind: TicketKind, token: string, payload: T, ttlSeconds: number): Promise<void> {
    const hash = this.crypto.hashToken(token);
    const sealed = this.crypto.seal('oidc-ticket', Buffer.from(JSON.stringify(payload)), `${kind}:${hash.toString('hex')}`);
    await this.tickets.insert(kind, hash, sealed, ttlSeconds);
  }

  private async takeTicket<T>(kind: TicketKind, token: string): Promise<T | undefined> {
    if (token.length > 512) return undefined;
    const hash = this.crypto.hashToken(token);
    const sealed = await this.tickets.take(kind, hash);
    if (!sealed) return undefined;
    try {
      return JSON.parse(this.crypto.open('oidc-ticket', sealed, `${kind}:${hash.toString('hex')}`).toString()) as T;
    } catch {
      return undefined; // sealed under another MASTER_KEY: as good as unknown
    }
  }
}

/** `url` with `params` set in its query (existing parameters kept). */
function withParams(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.href;
}

/**
 * The redirect error of a failed authorization code grant: the provider's own `access_denied`
 * stays that; an ID token whose nonce is not this flow's (a replayed or injected response)
 * is invalid_state; anything else the library refused (bad signature, audience, issuer,
 * expiry, a token endpoint error, an unreachable provider) is provider_error.
 */
function refusalOf(error: unknown): SignInRefused {
  if (error instanceof oidc.AuthorizationResponseError) {
    return new SignInRefused(
      error.error === 'access_denied' ? 'access_denied' : 'provider_error',
      `authorization response: ${error.error}`,
    );
  }
  // openid-client wraps oauth4webapi's error, whose cause names the claim
  const cause = (error as { cause?: { claim?: string; cause?: { claim?: string } } }).cause;
  if ((error as { code?: string }).code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && (cause?.claim ?? cause?.cause?.claim) === 'nonce') {
    return new SignInRefused('invalid_state', 'nonce_mismatch');
  }
  return new SignInRefused('provider_error', `${(error as { code?: string }).code ?? 'error'}: ${(error as Error).message}`);
}
