import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

import { readFileSync } from 'node:fs';
import { emailProblem } from '../email-address/email.js';
import { type OidcProviderConfig, parseOidcProviders } from './oidc-providers.js';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toOptional = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every knob of the service, read from the environment once and validated at boot:
 * a bad value stops the process with a message instead of surfacing as a 500 later.
 * The comment on each setting is its documentation: `npm run docs:config` writes
 * docs/configuration.md from these comments, defaults and decorators. .env.example names each one.
 */
export class AppConfig {
  /** `production` refuses a missing MASTER_KEY, DATABASE_URL, METRICS_TOKEN or REVOCATION_FEED_SECRET and RATE_LIMITS=off, and sends Strict-Transport-Security. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** PostgreSQL URL; unset: an embedded PostgreSQL under DATA_DIR. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  DATABASE_URL?: string;

  /** Where the embedded database, the generated master key and the outbox of mail files live. */
  @IsString()
  DATA_DIR = './.data';

  /** HTTP port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Interface to listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** `iss` of access tokens; default http://localhost:$PORT. */
  @IsOptional()
  @Transform(toOptional)
  @IsUrl({ require_tld: false, require_protocol: true })
  AUTH_ISSUER?: string;

  /** `aud` of access tokens. */
  @IsString()
  @MinLength(1)
  AUTH_AUDIENCE = 'api';

  /** Access-token lifetime, seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  ACCESS_TOKEN_TTL = 600;

  /** Idle lifetime of a refresh token; each refresh slides it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFRESH_TOKEN_TTL = 1209600;

  /** Absolute lifetime of a session family. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SESSION_MAX_LIFETIME = 7776000;

  /** Seconds in which a rotated token may be presented again (concurrent or retried refresh). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  REFRESH_REUSE_GRACE = 10;

  /** Encrypted refresh envelopes: `required` answers plain bodies `envelope_required`, `off` refuses envelopes. */
  @IsIn(['optional', 'required', 'off'])
  REFRESH_ENVELOPE: 'optional' | 'required' | 'off' = 'optional';

  /** Seconds a rotated generation is kept to detect reuse; default REFRESH_TOKEN_TTL. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  REUSE_DETECTION_WINDOW?: number;

  /** Seconds audit events are kept. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUDIT_RETENTION = 7776000;

  /** Seconds between cleanup runs (expired families, pruned generations, old audit rows). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CLEANUP_INTERVAL = 300;

  /** Seconds between automatic signing/envelope key rotations; unset: off. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SIGNING_KEY_ROTATION?: number;

  /**
   * Seconds between publishing a rotated key in the JWKS and signing with it, so verifiers
   * that cache the JWKS learn it first (automatic rotation uses at most half its period).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  KEY_ACTIVATION_DELAY = 10;

  /** Bearer secret guards present to GET /auth/revocations and its stream (16+ characters); unset: open. Required in production. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  @MinLength(16)
  REVOCATION_FEED_SECRET?: string;

  /** `off` disables every rate limit (local load tests only; refused in production). */
  @IsIn(['on', 'off'])
  RATE_LIMITS: 'on' | 'off' = 'on';

  /** 32 bytes, base64 or hex; encrypts private keys at rest. Unset: generated under DATA_DIR. */
  @IsOptional()
  @Transform(toOptional)
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
    message: 'MASTER_KEY must be 32 bytes as 64 hex characters or base64',
  })
  MASTER_KEY?: string;

  /** With ADMIN_PASSWORD: at start, create this admin if missing (an existing password is never overwritten). */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  ADMIN_EMAIL?: string;

  /** The password of the ADMIN_EMAIL admin when it is created (8 to 128 characters). */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  /** Number of proxies in front of the service whose X-Forwarded-For is trusted (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  /** Size of the PostgreSQL connection pool. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /**
   * `on`: in a family bound to a DPoP key, a rotated token whose child was never presented may
   * be presented again after the grace, with a proof of that key, and gets that same child (a
   * client whose answer was lost stays logged in). Bearer families never: rule 4 holds for them.
   * `off` (default): only within REFRESH_REUSE_GRACE. Grace 0: never.
   */
  @IsIn(['on', 'off'])
  REFRESH_RETRY_UNUSED: 'on' | 'off' = 'off';

  /** Bearer secret for GET /metrics (16+ characters); unset: open (keep /metrics on an internal network). Required in production. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** Lowest level written to the JSON log. */
  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  /** SMTP server for reset and verification mail (smtp:// or smtps://); unset: .eml files under DATA_DIR/outbox. */
  @IsOptional()
  @Transform(toOptional)
  @IsUrl(
    { protocols: ['smtp', 'smtps'], require_protocol: true, require_tld: false },
    { message: 'MAIL_URL must be an smtp:// or smtps:// URL' },
  )
  MAIL_URL?: string;

  /** Sender address of every mail. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = 'no-reply@localhost';

  /** Link mailed for a password reset; `{token}` is replaced. Default: this service's /reset-password page. */
  @IsOptional()
  @Transform(toOptional)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @Matches(/\{token\}/, { message: 'PASSWORD_RESET_URL must contain {token}' })
  PASSWORD_RESET_URL?: string;

  /** Link mailed to verify an email; `{token}` is replaced. Default: this service's /verify-email page. */
  @IsOptional()
  @Transform(toOptional)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @Matches(/\{token\}/, { message: 'EMAIL_VERIFY_URL must contain {token}' })
  EMAIL_VERIFY_URL?: string;

  /** Seconds a password-reset link works. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 86400)
  PASSWORD_RESET_TTL = 1800;

  /** Seconds an email-verification link works. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 86400)
  EMAIL_VERIFY_TTL = 86400;

  /** `on`: a login whose email is not verified is 403 email_not_verified (after the password check). */
  @IsIn(['on', 'off'])
  REQUIRE_EMAIL_VERIFICATION: 'on' | 'off' = 'off';

  /** A directory whose password-reset.{txt,html} / email-verify.{txt,html} replace the built-in mail templates. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  MAIL_TEMPLATES_DIR?: string;

  /** Exact origins of browser apps allowed to call the API, comma separated; unset: none. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  CORS_ORIGINS?: string;

  /** Base name of the cookie-mode refresh cookie: `__Host-<name>` over https, `<name>` over http. */
  @Matches(/^(?!__Host-|__Secure-)[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,56}$/i, {
    message:
      'REFRESH_COOKIE_NAME must be a cookie name of 1-56 token characters without a __Host- or __Secure- prefix (the service adds __Host- when AUTH_ISSUER is https)',
  })
  REFRESH_COOKIE_NAME = 'refresh';

  /** SameSite of the refresh cookie: Strict, Lax, or None for an app on another site. */
  @IsIn(['Strict', 'Lax', 'None'])
  REFRESH_COOKIE_SAMESITE: 'Strict' | 'Lax' | 'None' = 'Strict';

  /** Seconds a DPoP proof's `iat` may be from the server clock, either way (RFC 9449). */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(600)
  DPOP_PROOF_WINDOW = 60;

  /** Secret resource servers present to POST /oauth/introspect (Basic password or Bearer); unset: introspection off. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  @MinLength(16)
  INTROSPECTION_SECRET?: string;

  /** `on`: DPoP proofs at login and refresh must carry a nonce the server issued (RFC 9449 §8). */
  @IsIn(['on', 'off'])
  DPOP_NONCE: 'on' | 'off' = 'off';

  /** Name of the cookie-mode device-token cookie (Path=/auth/login, so not `__Host-`). */
  @Matches(/^(?!__Host-)[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/, {
    message: 'DEVICE_COOKIE_NAME must be a cookie name (1-64 token characters, not __Host-)',
  })
  DEVICE_COOKIE_NAME = '__Secure-device';

  /** Open revocation streams (GET /auth/revocations/stream) this instance serves at most; more get 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  REVOCATION_STREAMS_MAX = 256;

  /** Seconds between heartbeat comments on a revocation stream, so proxies and guards know it is alive. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  REVOCATION_STREAM_HEARTBEAT = 10;

  /** OpenID Connect providers as a JSON array (docs/oidc.md); unset: none. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  OIDC_PROVIDERS?: string;

  /** A JSON file holding what OIDC_PROVIDERS would (keeps client secrets out of the environment). */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  OIDC_PROVIDERS_FILE?: string;

  /** Exact origins, besides CORS_ORIGINS, that a provider sign-in may redirect back to (comma separated). */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  OIDC_REDIRECT_ORIGINS?: string;

  /** Seconds between discovery attempts of a provider that did not answer (its sign-in answers provider_error meanwhile). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  OIDC_DISCOVERY_RETRY = 30;

  /** The providers of OIDC_PROVIDERS or OIDC_PROVIDERS_FILE, validated by loadConfig. */
  oidcProviders: OidcProviderConfig[] = [];

  /** WebAuthn relying party id (a registrable domain); default: the host of AUTH_ISSUER. */
  @IsOptional()
  @Transform(toOptional)
  @Matches(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
    message: 'WEBAUTHN_RP_ID must be a lower-case host name (no scheme, no port)',
  })
  WEBAUTHN_RP_ID?: string;

  /** Origins passkey ceremonies may come from, comma separated; default: the issuer's origin and CORS_ORIGINS. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  WEBAUTHN_ORIGINS?: string;

  /** The name authenticators show for this service. */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  WEBAUTHN_RP_NAME = 'Auth service';

  /** Seconds since a second factor that step-up routes accept. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  STEP_UP_MAX_AGE = 300;

  /** `on`: every /admin/* route needs `mfa` in the token's amr (403 step_up_required). */
  @IsIn(['on', 'off'])
  ADMIN_REQUIRE_MFA: 'on' | 'off' = 'off';
  /** App roles users can be given beside `user` and `admin`: a comma list of `[a-z][a-z0-9_-]{0,31}`. */
  @IsOptional()
  @Transform(toOptional)
  @IsString()
  ROLES?: string;

  /** Seconds an invitation's set-password link works. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 86400)
  INVITE_TTL = 7 * 86400;

  /** Link mailed to confirm a new email address; `{token}` is replaced. Default: /confirm-email on the issuer's port. */
  @IsOptional()
  @Transform(toOptional)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @Matches(/\{token\}/, { message: 'EMAIL_CHANGE_URL must contain {token}' })
  EMAIL_CHANGE_URL?: string;

  /**
   * `on`: webhooks may target private, loopback and link-local addresses. Default `off` when
   * NODE_ENV=production (SSRF), `on` otherwise so a receiver on localhost works in development.
   */
  @IsOptional()
  @Transform(toOptional)
  @IsIn(['on', 'off'])
  WEBHOOK_ALLOW_PRIVATE?: 'on' | 'off';

  /**
   * Seconds between webhook delivery attempts, comma separated; the last one repeats until
   * WEBHOOK_RETRY_FOR has passed since the event (each with ±20 % jitter).
   */
  @Matches(/^\s*\d+(\.\d+)?\s*(,\s*\d+(\.\d+)?\s*)*$/, {
    message: 'WEBHOOK_RETRY_DELAYS must be a comma list of seconds, like 1,5,30,120,600,3600',
  })
  WEBHOOK_RETRY_DELAYS = '1,5,30,120,600,3600';

  /** Seconds after an event its delivery is given up. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 86400)
  WEBHOOK_RETRY_FOR = 86400;

  /** Seconds a webhook receiver has to answer one attempt. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  WEBHOOK_TIMEOUT = 10;

  get issuer(): string {
    return this.AUTH_ISSUER ?? `http://localhost:${this.PORT}`;
  }

  get reuseDetectionWindow(): number {
    return this.REUSE_DETECTION_WINDOW ?? this.REFRESH_TOKEN_TTL;
  }

  get passwordResetUrl(): string {
    return this.PASSWORD_RESET_URL ?? `http://localhost:${this.PORT}/reset-password?token={token}`;
  }

  get emailVerifyUrl(): string {
    return this.EMAIL_VERIFY_URL ?? `http://localhost:${this.PORT}/verify-email?token={token}`;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get webauthnRpId(): string {
    return this.WEBAUTHN_RP_ID ?? new URL(this.issuer).hostname;
  }

  /** WEBAUTHN_ORIGINS as a list, or the issuer's origin and CORS_ORIGINS. */
  get webauthnOrigins(): string[] {
    if (this.WEBAUTHN_ORIGINS) return parseOrigins(this.WEBAUTHN_ORIGINS, 'WEBAUTHN_ORIGINS').origins;
    return [...new Set([new URL(this.issuer).origin, ...this.corsOrigins])];
  }

  /** Every role a user can hold: `user`, `admin` and the app roles of ROLES. */
  get roles(): string[] {
    return ['user', 'admin', ...parseRoles(this.ROLES).roles.filter((r) => r !== 'user' && r !== 'admin')];
  }

  get emailChangeUrl(): string {
    return this.EMAIL_CHANGE_URL ?? `http://localhost:${this.PORT}/confirm-email?token={token}`;
  }

  get webhooksAllowPrivate(): boolean {
    return (this.WEBHOOK_ALLOW_PRIVATE ?? (this.isProduction ? 'off' : 'on')) === 'on';
  }

  /** WEBHOOK_RETRY_DELAYS in milliseconds. */
  get webhookRetryDelaysMs(): number[] {
    return this.WEBHOOK_RETRY_DELAYS.split(',').map((d) => Math.round(Number(d.trim()) * 1000));
  }

  /** CORS_ORIGINS as a list (validated by loadConfig: each an exact origin). */
  get corsOrigins(): string[] {
    return parseOrigins(this.CORS_ORIGINS).origins;
  }

  /** Where a provider sign-in may send the browser back: CORS_ORIGINS and OIDC_REDIRECT_ORIGINS. */
  get oidcRedirectOrigins(): string[] {
    return [...this.corsOrigins, ...parseOrigins(this.OIDC_REDIRECT_ORIGINS, 'OIDC_REDIRECT_ORIGINS').origins];
  }
}

/** An app role's name. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/** Splits ROLES; every entry must be a role name. */
function parseRoles(value: string | undefined): { roles: string[]; problems: string[] } {
  const roles: string[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (ROLE_NAME.test(entry)) roles.push(entry);
    else problems.push(`ROLES: "${entry}" is not a role name ([a-z][a-z0-9_-]{0,31})`);
  }
  return { roles: [...new Set(roles)], problems };
}

/** Splits a list of origins (CORS_ORIGINS); every entry must be exactly an origin (scheme://host[:port]), never `*`. */
function parseOrigins(value: string | undefined, name = 'CORS_ORIGINS'): { origins: string[]; problems: string[] } {
  const origins: string[] = [];
  const problems: string[] = [];
  for (const entry of (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (entry === '*' || entry === 'null') {
      problems.push(`${name}: "${entry}" is refused; list the exact origins of your apps`);
      continue;
    }
    let origin: string | undefined;
    try {
      origin = new URL(entry).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== entry || !/^https?:/.test(entry))
      problems.push(`${name}: "${entry}" is not an exact origin like https://app.example.com`);
    else origins.push(entry);
  }
  return { origins, problems };
}

export class ConfigError extends Error {}

/**
 * Why DATABASE_URL cannot be a PostgreSQL connection URL, or undefined. Without this, the driver
 * reads `not a url` as a host name and says `getaddrinfo ENOTFOUND base`. The value itself is
 * never echoed: it may hold a password.
 */
function postgresUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'DATABASE_URL is not a URL: expected postgres://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return `DATABASE_URL must be a postgres:// or postgresql:// URL, not ${url.protocol}//`;
  return undefined;
}

/**
 * Every setting AppConfig declares, read from its validation decorators: a property without a
 * default is not an own key of `new AppConfig()` (useDefineForClassFields is off for Nest's
 * decorators), so the decorators, which every setting has, are the one list.
 */
export function configKeys(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(AppConfig, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** What a setting accepts, in words, from its decorators (`a whole number from 1 to 86400`). */
export function allowedValues(key: string): string | undefined {
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(AppConfig, '', true, false)
    .filter((m) => m.propertyName === key);
  const constraint = (name: string) => metadata.find((m) => m.name === name)?.constraints?.[0];
  const oneOf = constraint('isIn') as unknown[] | undefined;
  if (oneOf) return `one of ${oneOf.join(', ')}`;
  if (!metadata.some((m) => m.name === 'isInt')) return undefined;
  const [min, max] = [constraint('min'), constraint('max')];
  if (min !== undefined && max !== undefined) return `a whole number from ${min} to ${max}`;
  return min !== undefined ? `a whole number of at least ${min}` : 'a whole number';
}

/** Builds and validates the config; throws ConfigError naming each bad variable once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of configKeys()) {
    const value = env[key];
    if (value !== undefined) picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  // one line per variable (class-validator reports every failed decorator; `abc` fails three)
  const problems = errors.map((e) => {
    const allowed = allowedValues(e.property);
    return allowed ? `${e.property} must be ${allowed}` : (Object.values(e.constraints ?? {})[0] ?? `${e.property} is not valid`);
  });
  if (config.isProduction) {
    if (!config.MASTER_KEY) problems.push('MASTER_KEY is required in production');
    if (config.RATE_LIMITS === 'off') problems.push('RATE_LIMITS=off is refused in production');
    if (!config.DATABASE_URL) problems.push('DATABASE_URL is required in production');
    // unset, both endpoints answer anyone who can reach the port: who is logged in where (the
    // feed's session ids) and how busy the service is; a firewall is a promise the service cannot check
    if (!config.METRICS_TOKEN)
      problems.push(
        'METRICS_TOKEN is required in production (GET /metrics is open without it); set 16+ random characters, e.g. openssl rand -hex 32, and give it to your scraper',
      );
    if (!config.REVOCATION_FEED_SECRET)
      problems.push(
        'REVOCATION_FEED_SECRET is required in production (GET /auth/revocations is open without it); set 16+ random characters, e.g. openssl rand -hex 32, and give it to your guards',
      );
  }
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD go together');
  }
  // the rule registration applies, so the admin can log in with the address as configured
  const adminEmailProblem = config.ADMIN_EMAIL === undefined ? undefined : emailProblem(config.ADMIN_EMAIL);
  if (adminEmailProblem) problems.push(`ADMIN_EMAIL: ${adminEmailProblem}`);
  problems.push(...parseOrigins(config.CORS_ORIGINS).problems);
  problems.push(...parseOrigins(config.OIDC_REDIRECT_ORIGINS, 'OIDC_REDIRECT_ORIGINS').problems);
  problems.push(...loadOidcProviders(config));
  problems.push(...parseOrigins(config.WEBAUTHN_ORIGINS, 'WEBAUTHN_ORIGINS').problems);
  problems.push(...parseRoles(config.ROLES).problems);
  const databaseUrlProblem = config.DATABASE_URL === undefined ? undefined : postgresUrlProblem(config.DATABASE_URL);
  if (databaseUrlProblem) problems.push(databaseUrlProblem);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return config;
}

/** Reads OIDC_PROVIDERS or OIDC_PROVIDERS_FILE into config.oidcProviders; the problems, one line per bad entry. */
function loadOidcProviders(config: AppConfig): string[] {
  if (config.OIDC_PROVIDERS !== undefined && config.OIDC_PROVIDERS_FILE !== undefined) {
    return ['OIDC_PROVIDERS and OIDC_PROVIDERS_FILE exclude each other: set one'];
  }
  let json = config.OIDC_PROVIDERS;
  let source = 'OIDC_PROVIDERS';
  if (config.OIDC_PROVIDERS_FILE !== undefined) {
    source = `OIDC_PROVIDERS_FILE ${config.OIDC_PROVIDERS_FILE}`;
    try {
      json = readFileSync(config.OIDC_PROVIDERS_FILE, 'utf8');
    } catch (error) {
      return [`${source}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`];
    }
  }
  if (json === undefined) return [];
  const { providers, problems } = parseOidcProviders(json, source, config.isProduction);
  config.oidcProviders = providers;
  return problems;
}
