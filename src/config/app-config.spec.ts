import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { configKeys, ConfigError, loadConfig } from './app-config.js';

/** Variable names in .env.example (`# KEY=` or `KEY=` at the start of a line). */
function envExampleKeys(): string[] {
  return [...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
}

/** Variable names in the first column of docs/configuration.md's table. */
function documentedConfigKeys(): string[] {
  return readFileSync('docs/configuration.md', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      AUTH_AUDIENCE: 'api',
      ACCESS_TOKEN_TTL: 600,
      REFRESH_TOKEN_TTL: 1209600,
      SESSION_MAX_LIFETIME: 7776000,
      REFRESH_REUSE_GRACE: 10,
      REFRESH_ENVELOPE: 'optional',
      AUDIT_RETENTION: 7776000,
      RATE_LIMITS: 'on',
    });
    expect(config.issuer).toBe('http://localhost:3000');
    expect(config.reuseDetectionWindow).toBe(1209600);
  });

  it('derives the issuer from PORT and the reuse window from REFRESH_TOKEN_TTL', () => {
    const config = loadConfig({ PORT: '4000', REFRESH_TOKEN_TTL: '100' });
    expect(config.issuer).toBe('http://localhost:4000');
    expect(config.reuseDetectionWindow).toBe(100);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ REFRESH_ENVELOPE: 'sometimes' }, /REFRESH_ENVELOPE/],
    [{ MASTER_KEY: 'too-short' }, /MASTER_KEY/],
    [{ AUTH_ISSUER: 'not a url' }, /AUTH_ISSUER/],
    [{ ADMIN_EMAIL: 'a@b.c' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ MAIL_URL: 'http://mail.example.com' }, /MAIL_URL/],
    [{ PASSWORD_RESET_URL: 'https://app.example.com/reset' }, /PASSWORD_RESET_URL must contain \{token\}/],
    [{ EMAIL_VERIFY_URL: 'javascript:alert({token})' }, /EMAIL_VERIFY_URL/],
    [{ REQUIRE_EMAIL_VERIFICATION: 'yes' }, /REQUIRE_EMAIL_VERIFICATION/],
    [{ PASSWORD_RESET_TTL: '0' }, /PASSWORD_RESET_TTL/],
    [{ ROLES: 'editor,Bad Role' }, /ROLES: "Bad Role" is not a role name/],
    [{ WEBHOOK_RETRY_DELAYS: '1,five' }, /WEBHOOK_RETRY_DELAYS/],
    [{ WEBHOOK_ALLOW_PRIVATE: 'yes' }, /WEBHOOK_ALLOW_PRIVATE/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('points the mailed links at this service unless told otherwise', () => {
    const config = loadConfig({ PORT: '4000' });
    expect(config.passwordResetUrl).toBe('http://localhost:4000/reset-password?token={token}');
    expect(config.emailVerifyUrl).toBe('http://localhost:4000/verify-email?token={token}');
    expect(config).toMatchObject({
      MAIL_FROM: 'no-reply@localhost',
      PASSWORD_RESET_TTL: 1800,
      EMAIL_VERIFY_TTL: 86400,
      REQUIRE_EMAIL_VERIFICATION: 'off',
    });
    const custom = loadConfig({
      MAIL_URL: 'smtps://user:secret@smtp.example.com:465',
      PASSWORD_RESET_URL: 'https://app.example.com/reset#token={token}',
      EMAIL_VERIFY_URL: 'https://app.example.com/verify?t={token}',
    });
    expect(custom.passwordResetUrl).toBe('https://app.example.com/reset#token={token}');
    expect(custom.emailVerifyUrl).toBe('https://app.example.com/verify?t={token}');
  });

  it('refuses unsafe defaults in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MASTER_KEY is required/);
    const safe = {
      NODE_ENV: 'production',
      MASTER_KEY: 'a'.repeat(64),
      DATABASE_URL: 'postgres://x/y',
      METRICS_TOKEN: 'm'.repeat(32),
      REVOCATION_FEED_SECRET: 'r'.repeat(32),
    };
    expect(() => loadConfig({ ...safe, RATE_LIMITS: 'off' })).toThrow(/RATE_LIMITS=off/);
    expect(loadConfig(safe).isProduction).toBe(true);
  });

  it('refuses to start in production with /metrics or the revocation feed open, saying what to set', () => {
    const base = { NODE_ENV: 'production', MASTER_KEY: 'a'.repeat(64), DATABASE_URL: 'postgres://x/y' };
    expect(() => loadConfig({ ...base, REVOCATION_FEED_SECRET: 'r'.repeat(32) })).toThrow(
      /METRICS_TOKEN is required in production \(GET \/metrics is open without it\)/,
    );
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'm'.repeat(32) })).toThrow(/REVOCATION_FEED_SECRET is required in production/);
    // outside production both stay optional
    expect(loadConfig({ MASTER_KEY: 'a'.repeat(64) }).METRICS_TOKEN).toBeUndefined();
  });

  it('refuses an ADMIN_EMAIL that registration would refuse (an invisible character)', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'ad\u200bmin@example.com', ADMIN_PASSWORD: 'admin password' })).toThrow(
      /ADMIN_EMAIL: email must not contain invisible/,
    );
    expect(loadConfig({ ADMIN_EMAIL: 'Admin@Example.com', ADMIN_PASSWORD: 'admin password' }).ADMIN_EMAIL).toBe('Admin@Example.com');
  });

  it('says once what is wrong with a setting and what it allows', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL: 'abc' })).toThrow(
      'Invalid configuration:\n- ACCESS_TOKEN_TTL must be a whole number from 1 to 86400',
    );
    expect(() => loadConfig({ REFRESH_ENVELOPE: 'x' })).toThrow(
      'Invalid configuration:\n- REFRESH_ENVELOPE must be one of optional, required, off',
    );
  });

  it('reads every setting that .env.example and docs/configuration.md name, and both name every one it reads', () => {
    const read = configKeys().sort();
    expect([...new Set(envExampleKeys())].sort()).toEqual(read);
    expect([...new Set(documentedConfigKeys())].sort()).toEqual(read);
  });

  it('reads app roles beside user and admin, and lets webhooks reach private addresses only outside production unless told', () => {
    expect(loadConfig({ ROLES: 'editor, billing_admin,editor' }).roles).toEqual(['user', 'admin', 'editor', 'billing_admin']);
    expect(loadConfig({}).roles).toEqual(['user', 'admin']);
    expect(loadConfig({}).webhooksAllowPrivate).toBe(true);
    const production = {
      NODE_ENV: 'production',
      MASTER_KEY: 'a'.repeat(64),
      DATABASE_URL: 'postgres://x/y',
      METRICS_TOKEN: 'm'.repeat(32),
      REVOCATION_FEED_SECRET: 'r'.repeat(32),
    };
    expect(loadConfig(production).webhooksAllowPrivate).toBe(false);
    expect(loadConfig({ ...production, WEBHOOK_ALLOW_PRIVATE: 'on' }).webhooksAllowPrivate).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'off' }).webhooksAllowPrivate).toBe(false);
    expect(loadConfig({ WEBHOOK_RETRY_DELAYS: '0.05, 2' }).webhookRetryDelaysMs).toEqual([50, 2000]);
  });

  it('reads a setting that has no default', () => {
    expect(loadConfig({ SIGNING_KEY_ROTATION: '60', ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'password1' })).toMatchObject({
      SIGNING_KEY_ROTATION: 60,
      ADMIN_EMAIL: 'a@b.co',
    });
  });
});

describe('browser app settings', () => {
  it('defaults to no CORS origin and a Strict __Secure- refresh cookie', () => {
    const config = loadConfig({});
    expect(config.corsOrigins).toEqual([]);
    expect(config.REFRESH_COOKIE_NAME).toBe('refresh');
    expect(config.REFRESH_COOKIE_SAMESITE).toBe('Strict');
  });

  it('reads CORS_ORIGINS as a comma-separated list of exact origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5102' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5102',
    ]);
  });

  it.each([
    [{ CORS_ORIGINS: '*' }, /"\*" is refused/],
    [{ CORS_ORIGINS: 'https://a.example, *' }, /"\*" is refused/],
    [{ CORS_ORIGINS: 'https://app.example.com/' }, /not an exact origin/],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, /not an exact origin/],
    [{ CORS_ORIGINS: 'app.example.com' }, /not an exact origin/],
    [{ CORS_ORIGINS: 'ftp://app.example.com' }, /not an exact origin/],
    [{ REFRESH_COOKIE_SAMESITE: 'strict' }, /REFRESH_COOKIE_SAMESITE/],
    [{ REFRESH_COOKIE_NAME: 'a b' }, /REFRESH_COOKIE_NAME/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL: expected postgres:\/\/user:password@host:5432\/database/],
    [{ DATABASE_URL: 'mysql://u:p@db/app' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, not mysql:/],
    [{ REFRESH_COOKIE_NAME: '__Host-refresh' }, /REFRESH_COOKIE_NAME/],
    [{ REFRESH_COOKIE_NAME: '__Secure-refresh' }, /the service adds __Host- when AUTH_ISSUER is https/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
