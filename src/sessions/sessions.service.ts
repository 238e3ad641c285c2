import type { SessionEndReason, TokenPair as WireTokenPair } from '@auth-service/contract';
import { Inject, Injectable } from '@nestjs/common';
import { AuditType, ClientInfo } from '../audit/audit.types.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../observability/metrics.service.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { KeysService } from '../crypto/keys.service.js';
import type { Tx } from '../database/unit-of-work.js';
import { formatRefreshToken, parseRefreshToken } from './refresh-token.format.js';
import { PresentedGeneration, refreshVerdict, type RefreshSettings, type ReuseReason } from './refresh-verdict.js';
import { SessionDetailView, SessionView, toGenerationView, toSessionView } from './session.view.js';
import { GenerationState, NewGeneration, SessionRow, SessionsRepository } from './sessions.repository.js';

/** The token pair as the service issues it: the refresh token always there (cookie mode moves it into the cookie). */
export type TokenPair = WireTokenPair & { refreshToken: string };

/** The facts `refreshVerdict` decides on, from the fresh read of the presented generation. */
export function presentedFacts(g: GenerationState, hashMatches: boolean): PresentedGeneration {
  return {
    hashMatches,
    disabled: g.disabled,
    idleExpired: g.idleExpired,
    familyExpired: g.familyExpired,
    familyDeviceId: g.deviceId,
    familyJkt: g.jkt,
    familyOrigin: g.origin,
    secondsSinceRotation: g.rotatedAt === null ? null : g.secondsSinceRotation,
    retriedLate: g.retriedLateAt !== null,
    child: g.child && { rotated: g.child.rotatedAt !== null, expired: g.child.expired, hasGraceToken: g.child.graceToken !== null },
  };
}

/** How `endFamilies` ends them: the reason guards and the audit trail see, and who asked. */
export interface EndFamilies {
  reason: SessionEndReason;
  client: ClientInfo;
  /** The audit event written per family; session_revoked unless the ending is a detection. */
  auditType?: AuditType;
  detail?: Record<string, unknown>;
  tx?: Tx;
}

export interface LoginSubject {
  userId: string;
  roles: string[];
  claims: Record<string, unknown>;
  /** The user's tokens_not_before. */
  notBefore: Date | null;
  /**
   * The password hash the sign-in was judged against (null for an account without one): the
   * family is created only if it is still the account's, so a password change or reset that
   * commits during the sign-in wins.
   */
  passwordHash: string | null;
  /** How the user proved who they are, for `login_succeeded` (`password`, `passkey`, `oidc:<id>`). */
  method: string;
  /** RFC 8176 methods the login used (default `["pwd"]`): the family keeps them for every access token. */
  amr?: string[];
}

const MAX_ROTATION_ATTEMPTS = 3;
/** GET /auth/sessions is a plain array (docs/api.md); past this many live families only the newest show. */
const OWN_SESSIONS_LIMIT = 1000;
/** GET /admin/sessions/:id shows at most this many generations (the newest). */
const LINEAGE_LIMIT = 200;
const GRACE_PURPOSE = 'grace-token';

@Injectable()
export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly crypto: CryptoService,
    private readonly keys: KeysService,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Starts a session family for a user who just proved their password; with `jkt` (the key of
   * a valid DPoP proof on the login) the family is bound to that key for its whole life; with
   * `origin` (a cookie-mode login's browser origin) its cookie works from that origin only.
   */
  async login(
    subject: LoginSubject,
    device: { deviceId?: string; deviceName?: string },
    client: ClientInfo,
    jkt?: string,
    origin?: string,
  ): Promise<TokenPair> {
    const familyId = this.crypto.uuid();
    const generationId = this.crypto.uuid();
    const deviceId = device.deviceId ?? this.crypto.randomToken(16);
    const refreshToken = formatRefreshToken({ familyId, id: generationId }, this.crypto.randomToken());
    const amr = subject.amr ?? ['pwd'];
    const authTime = Math.floor(Date.now() / 1000);
    const [created, access] = await Promise.all([
      this.repository.createFamily(
        {
          familyId,
          userId: subject.userId,
          verifiedPasswordHash: subject.passwordHash,
          deviceId,
          deviceName: device.deviceName ?? null,
          generationId,
          tokenHash: this.crypto.hashToken(refreshToken),
          idleTtl: this.config.REFRESH_TOKEN_TTL,
          maxLifetime: this.config.SESSION_MAX_LIFETIME,
          jkt: jkt ?? null,
          origin: origin ?? null,
          amr,
          authTime,
        },
        client,
        { deviceId, deviceName: device.deviceName ?? null, method: subject.method, amr },
      ),
      this.keys.signAccessToken({
        sub: subject.userId,
        sid: familyId,
        roles: subject.roles,
        claims: subject.claims,
        notBefore: subject.notBefore,
        jkt,
        amr,
        authTime,
      }),
    ]);
    // the password was changed or the account disabled while the login was being checked
    if (!created) throw new AppError(ErrorCode.InvalidCredentials);
    return this.pair(access.token, refreshToken, created.expiresAt, familyId, deviceId, jkt);
  }

  /**
   * Rotates a refresh token. The common case is one statement that locks the family, so
   * concurrent refreshes of a family are serialised and none can follow its deletion. Anything
   * else (a rotated token inside the grace window, reuse, expiry, a device mismatch, a lost race)
   * is decided by `refreshVerdict` from one fresh read, and acted on here.
   *
   * `proofJkt` is the key of the request's valid DPoP proof, if it carried one. A family bound
   * to a key needs it. An unbound family stays unbound (binding happens at login only, so
   * whoever holds a copied bearer token cannot bind the family to their key and lock its owner
   * out), but its new access token is bound to the proof's key, as RFC 9449 §5 has it.
   *
   * `origin` is a cookie-mode request's Origin: a family started in cookie mode from another
   * origin answers 403 csrf_failed and nothing changes.
   */
  async refresh(
    refreshToken: string,
    deviceId: string | undefined,
    client: ClientInfo,
    proofJkt?: string,
    origin?: string,
  ): Promise<TokenPair> {
    const presented = parseRefreshToken(refreshToken);
    if (!presented) throw new AppError(ErrorCode.InvalidRefreshToken);
    const tokenHash = this.crypto.hashToken(refreshToken);

    for (let attempt = 1; attempt <= MAX_ROTATION_ATTEMPTS; attempt++) {
      const child = this.newGeneration(presented.familyId);
      const row = await this.repository.rotateGeneration(
        presented,
        tokenHash,
        deviceId ?? null,
        child.generation,
        client,
        proofJkt ?? null,
        origin ?? null,
      );
      // the verdict's `unknown` (no such generation, or a wrong secret), without a second read
      if (!row || !this.crypto.constantEquals(tokenHash, row.tokenHash)) throw new AppError(ErrorCode.InvalidRefreshToken);
      const jkt = row.jkt ?? proofJkt;
      if (row.childId && row.childExpiresAt) {
        const access = await this.keys.signAccessToken({
          sub: row.userId,
          sid: row.familyId,
          roles: row.roles,
          claims: row.claims,
          notBefore: row.notBefore,
          jkt,
          amr: row.amr,
          authTime: row.authTime,
        });
        this.metrics.refreshed('rotated');
        return this.pair(access.token, child.token, row.childExpiresAt, row.familyId, row.deviceId, jkt);
      }
      const g = await this.repository.findPresented(presented);
      const verdict = refreshVerdict(
        g && presentedFacts(g, this.crypto.constantEquals(tokenHash, g.tokenHash)),
        { deviceId, proofJkt, origin },
        this.refreshSettings(),
      );
      if (!g || verdict.kind === 'unknown') throw new AppError(ErrorCode.InvalidRefreshToken);
      switch (verdict.kind) {
        case 'rotate':
          continue; // a concurrent refresh rotated it between our snapshot and our lock: again
        case 'lateRetry':
          // marked first, so it cannot be retried late in turn; rotated meanwhile: decide again
          if (!(await this.repository.markRetriedLate(g.familyId, g.child!.id))) continue;
          return this.resendChild(g, jkt, 'late_retry');
        case 'grace':
          return this.resendChild(g, jkt, 'grace');
        case 'otherOrigin':
          throw new AppError(ErrorCode.CsrfFailed, 'This session was started from another origin');
        case 'disabled':
          throw new AppError(ErrorCode.AccountDisabled);
        case 'expired':
          throw new AppError(ErrorCode.RefreshTokenExpired);
        case 'deviceMismatch':
          await this.endFamilies(
            { ids: [g.familyId] },
            {
              reason: 'device_mismatch',
              client,
              auditType: AuditType.DeviceMismatch,
              detail: { presentedGeneration: g.id, expectedDeviceId: g.deviceId, presentedDeviceId: deviceId },
            },
          );
          throw new AppError(ErrorCode.DeviceMismatch);
        case 'proofRequired':
          throw new AppError(ErrorCode.InvalidDpopProof, 'This session is bound to a DPoP key: send a DPoP proof of it');
        case 'keyMismatch':
          // treated as a device mismatch: the key is the device's, and a valid token with
          // another key's proof means the token was copied off it (docs/oauth-and-dpop.md "DPoP-bound sessions")
          await this.endFamilies(
            { ids: [g.familyId] },
            {
              reason: 'dpop_key_mismatch',
              client,
              auditType: AuditType.DeviceMismatch,
              detail: { presentedGeneration: g.id, binding: 'dpop', expectedJkt: g.jkt, presentedJkt: proofJkt },
            },
          );
          throw new AppError(ErrorCode.DeviceMismatch);
        case 'reuse':
          await this.endAsReuse(g, verdict.reason, client);
          throw new AppError(ErrorCode.RefreshTokenReused);
      }
    }
    throw new AppError(ErrorCode.InvalidRefreshToken);
  }

  /**
   * Renews a family's amr and auth_time after a second factor (POST /auth/step-up): its newest
   * generation is rotated, so the answer is a token pair of the same family whose access token
   * carries the fresh auth_time. The client's previous refresh token gets the grace window like
   * any rotated one. Undefined when the session ended meanwhile.
   */
  async stepUp(familyId: string, userId: string, amr: string[], client: ClientInfo): Promise<TokenPair> {
    const child = this.newGeneration(familyId);
    const authTime = Math.floor(Date.now() / 1000);
    const row = await this.repository.stepUp(familyId, userId, child.generation, amr, authTime, client);
    if (!row) throw new AppError(ErrorCode.SessionRevoked);
    const jkt = row.jkt ?? undefined;
    const access = await this.keys.signAccessToken({
      sub: userId,
      sid: familyId,
      roles: row.roles,
      claims: row.claims,
      notBefore: row.notBefore,
      jkt,
      amr,
      authTime,
    });
    return this.pair(access.token, child.token, row.expiresAt, familyId, row.deviceId, jkt);
  }

  /**
   * Logout by refresh token (an app whose access token expired): the token is judged by the
   * same `refreshVerdict` as a refresh, without rotating and without a deviceId. The newest
   * token, or a rotated one within the grace window (a lost refresh answer), ends its family
   * as a logout; a rotated one outside it is reuse and ends the family as reuse; unknown,
   * expired or disabled give refresh's errors and end nothing. `origin`: as for a refresh, a
   * cookie-mode family started from another origin is not ended from this one (403 csrf_failed).
   */
  async endByRefreshToken(refreshToken: string, client: ClientInfo, origin?: string): Promise<void> {
    const presented = parseRefreshToken(refreshToken);
    const g = presented ? await this.repository.findPresented(presented) : undefined;
    const facts = g && presentedFacts(g, this.crypto.constantEquals(this.crypto.hashToken(refreshToken), g.tokenHash));
    const verdict = refreshVerdict(facts, { origin }, this.refreshSettings());
    if (!g || verdict.kind === 'unknown' || verdict.kind === 'deviceMismatch' || verdict.kind === 'keyMismatch')
      throw new AppError(ErrorCode.InvalidRefreshToken);
    switch (verdict.kind) {
      case 'otherOrigin':
        throw new AppError(ErrorCode.CsrfFailed, 'This session was started from another origin');
      case 'disabled':
        throw new AppError(ErrorCode.AccountDisabled);
      case 'expired':
        throw new AppError(ErrorCode.RefreshTokenExpired);
      case 'reuse':
        await this.endAsReuse(g, verdict.reason, client);
        throw new AppError(ErrorCode.RefreshTokenReused);
      case 'rotate':
      case 'grace':
      case 'lateRetry':
      // a key-bound family's token ends it without a proof, like a revocation: ending is no use to a thief
      case 'proofRequired':
        // a concurrent refresh or logout may have ended it meanwhile: ended either way
        await this.endFamilies({ ids: [g.familyId] }, { reason: 'logout', client });
    }
  }

  /**
   * Ends the family of any of its refresh tokens, rotated or not, and never says why not: the
   * RFC 7009 revocation (POST /oauth/revoke) and the cookie-mode logout. True when it ended one.
   */
  async revokeByRefreshToken(refreshToken: string, reason: SessionEndReason, client: ClientInfo): Promise<boolean> {
    const g = await this.findByRefreshToken(refreshToken);
    if (!g) return false;
    const ended = await this.endFamilies({ ids: [g.familyId] }, { reason, client });
    return ended.length > 0;
  }

  /**
   * The generation a refresh token names, with its family, when the token is one we issued
   * (any generation, rotated or not): what revocation and introspection need.
   */
  async findByRefreshToken(refreshToken: string): Promise<GenerationState | undefined> {
    const presented = parseRefreshToken(refreshToken);
    const g = presented ? await this.repository.findPresented(presented) : undefined;
    if (!g || !this.crypto.constantEquals(this.crypto.hashToken(refreshToken), g.tokenHash)) return undefined;
    return g;
  }

  private refreshSettings(): RefreshSettings {
    return { graceSeconds: this.config.REFRESH_REUSE_GRACE, retryUnused: this.config.REFRESH_RETRY_UNUSED === 'on' };
  }

  /** Ends the family of a rotated token presented again, with the audit event that says why. */
  private endAsReuse(g: GenerationState, reason: ReuseReason, client: ClientInfo): Promise<string[]> {
    return this.endFamilies(
      { ids: [g.familyId] },
      {
        reason: 'refresh_token_reused',
        client,
        auditType: AuditType.RefreshReuseDetected,
        detail: {
          presentedGeneration: g.id,
          secondsSinceRotation: g.secondsSinceRotation,
          generations: g.generations,
          judgedReuseBecause: reason,
        },
      },
    );
  }

  /**
   * Ends the families `where` picks and tells guards about it; returns the ids ended. Pass
   * `tx` when the deletion belongs to a larger change (password change, disabling) that must
   * commit with it.
   */
  endFamilies(where: { ids?: string[]; userId?: string; exceptId?: string }, how: EndFamilies): Promise<string[]> {
    return this.repository
      .deleteFamilies(
        where,
        {
          reason: how.reason,
          auditType: how.auditType ?? AuditType.SessionRevoked,
          client: how.client,
          accessTokenTtl: this.config.ACCESS_TOKEN_TTL,
          detail: how.detail,
        },
        how.tx,
      )
      .then((ended) => {
        this.metrics.sessionsEnded(how.reason, ended.length);
        return ended;
      });
  }

  /** The caller's live sessions, newest first, the one making the request marked current. */
  async listOwn(userId: string, currentSessionId: string): Promise<SessionView[]> {
    const rows = await this.repository.listSessions({ userId }, OWN_SESSIONS_LIMIT);
    return rows.map((row) => toSessionView(row, currentSessionId));
  }

  /** Ends one of the caller's families. Another user's id is "not found", so ids cannot be probed. */
  async endOwn(userId: string, sessionId: string, client: ClientInfo): Promise<void> {
    const ended = await this.endFamilies({ ids: [sessionId], userId }, { reason: 'user', client });
    if (ended.length === 0) throw new AppError(ErrorCode.NotFound, 'No such session');
  }

  /**
   * Ends all the caller's families, or all but `keepSessionId`. Logging out everywhere also
   * takes back every device token: a device that signed in before is no longer a known one.
   */
  async endAllOwn(userId: string, keepSessionId: string | undefined, client: ClientInfo): Promise<void> {
    await this.endFamilies({ userId, exceptId: keepSessionId }, { reason: keepSessionId ? 'others' : 'user', client });
    if (!keepSessionId) await this.repository.revokeDeviceTokens(userId);
  }

  /** A page of live sessions of every user (or one), newest first, for admins. */
  listSessions(filter: { userId?: string }, limit: number, before?: { at: string; id: string }): Promise<SessionRow[]> {
    return this.repository.listSessions(filter, limit, before);
  }

  /** How many families are live now (not expired, not ended), for the admin overview. */
  countLive(): Promise<number> {
    return this.repository.countLive();
  }

  /** One family with its lineage, for admins. */
  async findSessionDetail(sessionId: string): Promise<SessionDetailView> {
    const [row, lineage] = await Promise.all([
      this.repository.findSession(sessionId),
      this.repository.findLineage(sessionId, LINEAGE_LIMIT),
    ]);
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such session');
    return { ...toSessionView(row), generations: lineage.generations.map(toGenerationView), generationCount: lineage.total };
  }

  /** The owner, live roles, claims and tokens_not_before of a session, if it still exists (for the service's own guard). */
  findSessionOwner(sessionId: string) {
    return this.repository.findSessionOwner(sessionId);
  }

  /** The answer to a rotated token presented again: its child's token (sealed on the child row) and a fresh access token. */
  private async resendChild(g: GenerationState, jkt: string | undefined, result: 'grace' | 'late_retry'): Promise<TokenPair> {
    const childToken = this.crypto.open(GRACE_PURPOSE, g.child!.graceToken!, g.child!.id).toString('utf8');
    const access = await this.keys.signAccessToken({
      sub: g.userId,
      sid: g.familyId,
      roles: g.roles,
      claims: g.claims,
      notBefore: g.notBefore,
      jkt,
      amr: g.amr,
      authTime: g.authTime,
    });
    this.metrics.refreshed(result);
    return this.pair(access.token, childToken, g.child!.expiresAt, g.familyId, g.deviceId, jkt);
  }

  private newGeneration(familyId: string): { token: string; generation: NewGeneration } {
    const id = this.crypto.uuid();
    const token = formatRefreshToken({ familyId, id }, this.crypto.randomToken());
    const graceToken = this.config.REFRESH_REUSE_GRACE > 0 ? this.crypto.seal(GRACE_PURPOSE, Buffer.from(token), id) : null;
    return { token, generation: { id, tokenHash: this.crypto.hashToken(token), graceToken, idleTtl: this.config.REFRESH_TOKEN_TTL } };
  }

  private pair(
    accessToken: string,
    refreshToken: string,
    refreshExpiresAt: Date,
    sessionId: string,
    deviceId: string,
    jkt?: string,
  ): TokenPair {
    return {
      tokenType: jkt ? 'DPoP' : 'Bearer',
      accessToken,
      expiresIn: this.config.ACCESS_TOKEN_TTL,
      refreshToken,
      refreshExpiresIn: Math.max(0, Math.round((refreshExpiresAt.getTime() - Date.now()) / 1000)),
      sessionId,
      deviceId,
    };
  }
}
