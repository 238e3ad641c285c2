import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

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
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('says once per variable what is wrong and what it accepts', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL: 'abc' })).toThrow(
      new ConfigError('Invalid configuration: ACCESS_TOKEN_TTL="abc" is not valid: it must be a whole number from 1 to 86400'),
    );
    expect(() => loadConfig({ REFRESH_ENVELOPE: 'sometimes', ADMIN_EMAIL: 'a@b.c', ADMIN_PASSWORD: 'short' })).toThrow(
      new ConfigError([
        'Invalid configuration:',
        '- REFRESH_ENVELOPE="sometimes" is not valid: it must be one of optional, required, off',
        '- ADMIN_PASSWORD is not valid: it must be 8 to 128 characters', // a secret: its value is not echoed
      ].join('\n')),
    );
  });

  it('refuses unsafe defaults in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/MASTER_KEY is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', MASTER_KEY: 'a'.repeat(64), DATABASE_URL: 'postgres://x/y', RATE_LIMITS: 'off' })).toThrow(/RATE_LIMITS=off/);
    expect(loadConfig({ NODE_ENV: 'production', MASTER_KEY: 'a'.repeat(64), DATABASE_URL: 'postgres://x/y' }).isProduction).toBe(true);
  });
});
