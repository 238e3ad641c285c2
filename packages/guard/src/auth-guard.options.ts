import type { FetchLike } from './http-json.js';

/** How the guard learns which sessions were ended. */
export interface RevocationOptions {
  /** The auth service's GET /auth/revocations. Default: `/auth/revocations` on the host of `jwksUri`. */
  url?: string;
  /** The auth service's REVOCATION_FEED_SECRET, when it sets one. */
  secret?: string;
  /**
   * The auth service's GET /auth/revocations/stream, which pushes each revocation as it commits;
   * `false`: poll only. Default: `/stream` under `url`. While the stream is down the guard polls.
   */
  streamUrl?: string | false;
  /** Seconds between polls while there is no stream. Default 2. */
  pollSeconds?: number;
  /**
   * While the feed is unreachable the guard keeps serving with what it knows. With this set, it
   * answers 503 `unavailable` instead once its knowledge is older than this many seconds (an
   * open stream's heartbeats count as fresh knowledge; the guard asks for one at least every
   * half of this).
   */
  maxStalenessSeconds?: number;
}

/** How DPoP-bound access tokens (RFC 9449) are checked. */
export interface DpopOptions {
  /**
   * Required: this service's public base URL as clients call it (`https://api.example.com`, with
   * the path prefix if a proxy strips one). Proofs name the URL they were made for; the Host
   * header is the caller's to choose, so a URL built from it would let a proof captured at one
   * host name replay at another.
   */
  publicUrl: string;
  /** Seconds a proof's `iat` may be from our clock, either way. Default 60. */
  proofWindowSeconds?: number;
  /** Most recent proofs remembered to refuse replays (in this process). Default 100,000. */
  replayCacheSize?: number;
}

/** How the guard judges `amr` and `auth_time` (API.md "Second factors and passkeys"). */
export interface MfaOptions {
  /** Seconds since the second factor that @StepUp() routes allow. Default 300 (the auth service's STEP_UP_MAX_AGE). */
  stepUpMaxAgeSeconds?: number;
  /** Every route that needs a token also needs `mfa` in `amr` (403 `step_up_required` otherwise). Default false. */
  requireEverywhere?: boolean;
}

/** AuthGuardModule.forRoot(): where the tokens come from and how strictly they are checked. */
export interface AuthGuardOptions {
  /** `iss` of the tokens: the auth service's AUTH_ISSUER. */
  issuer: string;
  /** `aud` the tokens must carry: the auth service's AUTH_AUDIENCE. */
  audience: string;
  /** The auth service's `/.well-known/jwks.json`. */
  jwksUri: string;
  /** The revocation feed; on by default, `false` turns it off (ended sessions then pass until their tokens expire). */
  revocations?: RevocationOptions | false;
  /** Seconds of clock difference tolerated on `exp` and `nbf`. Default 0. */
  clockToleranceSeconds?: number;
  /** Most verified tokens kept for the fast path. Default 10,000. */
  cacheSize?: number;
  /** At most one JWKS refetch per this many seconds for unknown kids. Default 5. */
  jwksMinRefetchSeconds?: number;
  /**
   * Accept DPoP-bound tokens (each with a proof of its key, for `publicUrl`). Unset: DPoP-bound
   * tokens are refused (401 invalid_token) and bearer tokens work as ever.
   */
  dpop?: DpopOptions;
  /** Tokens whose exp lies further than this past their iat are refused. Default 86,400 (the auth service's largest ACCESS_TOKEN_TTL). */
  maxTokenLifetimeSeconds?: number;
  /** Second factors: what @StepUp() allows, and whether every route needs one. */
  mfa?: MfaOptions;
  /** HTTP client for the JWKS and the feed (tests); default the global fetch. */
  fetch?: FetchLike;
}

/** Options of forRoot/forRootAsync that shape the module itself, so they cannot come from a factory. */
export interface AuthGuardModuleOptions {
  /** Guard every route of the application (use @Public() to open one). Default false: @UseGuards(JwtAuthGuard). */
  global?: boolean;
}

export const AUTH_GUARD_OPTIONS = Symbol('AUTH_GUARD_OPTIONS');

/** Checks options at boot, so a typo stops the app instead of refusing every request. */
export function checkOptions(options: AuthGuardOptions): AuthGuardOptions {
  const problems: string[] = [];
  for (const field of ['issuer', 'audience', 'jwksUri'] as const) {
    if (typeof options?.[field] !== 'string' || options[field].length === 0) problems.push(`${field} is required`);
  }
  if (typeof options?.jwksUri === 'string' && !URL.canParse(options.jwksUri)) problems.push('jwksUri must be an absolute URL');
  const revocations = options?.revocations;
  if (revocations) {
    if (revocations.url !== undefined && !URL.canParse(revocations.url)) problems.push('revocations.url must be an absolute URL');
    if (typeof revocations.streamUrl === 'string' && !URL.canParse(revocations.streamUrl))
      problems.push('revocations.streamUrl must be an absolute URL');
    if (revocations.pollSeconds !== undefined && !(revocations.pollSeconds > 0)) problems.push('revocations.pollSeconds must be positive');
    if (revocations.maxStalenessSeconds !== undefined && !(revocations.maxStalenessSeconds > 0))
      problems.push('revocations.maxStalenessSeconds must be positive');
  }
  const dpop = options?.dpop;
  if (dpop !== undefined && dpop !== null) {
    if (typeof dpop.publicUrl !== 'string' || dpop.publicUrl === '') {
      problems.push(
        "dpop.publicUrl is required to accept DPoP-bound tokens: set it to this service's public base URL as clients call it (e.g. https://api.example.com), or leave dpop unset to refuse DPoP-bound tokens",
      );
    } else if (!/^https?:\/\//i.test(dpop.publicUrl) || !URL.canParse(dpop.publicUrl)) {
      problems.push('dpop.publicUrl must be an absolute http(s) URL');
    }
  }
  if (dpop?.proofWindowSeconds !== undefined && !(dpop.proofWindowSeconds > 0)) problems.push('dpop.proofWindowSeconds must be positive');
  if (dpop?.replayCacheSize !== undefined && !(dpop.replayCacheSize >= 1)) problems.push('dpop.replayCacheSize must be at least 1');
  const stepUp = options?.mfa?.stepUpMaxAgeSeconds;
  if (stepUp !== undefined && !(Number.isSafeInteger(stepUp) && stepUp > 0))
    problems.push('mfa.stepUpMaxAgeSeconds must be a positive whole number');
  if (options?.clockToleranceSeconds !== undefined && !(options.clockToleranceSeconds >= 0))
    problems.push('clockToleranceSeconds must not be negative');
  if (problems.length > 0) throw new Error(`AuthGuardModule: ${problems.join('; ')}`);
  return options;
}

/** The feed's address when not given: the same host as the JWKS. */
export function revocationUrl(options: AuthGuardOptions, revocations: RevocationOptions): string {
  return revocations.url ?? new URL('/auth/revocations', options.jwksUri).toString();
}

/** The stream's address when not given: `/stream` under the feed's; undefined when turned off. */
export function revocationStreamUrl(options: AuthGuardOptions, revocations: RevocationOptions): string | undefined {
  if (revocations.streamUrl === false) return undefined;
  if (revocations.streamUrl) return revocations.streamUrl;
  const url = new URL(revocationUrl(options, revocations));
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/stream`;
  return url.toString();
}
