import { randomBytes } from 'node:crypto';
import { parseRefreshToken } from '../../src/sessions/refresh-token.format.js';
import { http } from './test-app.js';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  deviceId: string;
}

/** Registers a user with a unique email. */
export async function newUser(base: string, overrides: { email?: string; password?: string; name?: string } = {}): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomBytes(6).toString('hex')}@example.com`;
  const password = overrides.password ?? 'a long enough password';
  const response = await http(base, 'POST', '/auth/register', { body: { email, password, name: overrides.name ?? 'Test User' } });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id, email, password };
}

/** Logs a user in and returns the token pair. */
export async function loginAs(base: string, user: TestUser, device: { deviceId?: string; deviceName?: string } = {}): Promise<Session> {
  const response = await http(base, 'POST', '/auth/login', { body: { email: user.email, password: user.password, ...device } });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export function refresh(base: string, refreshToken: string, deviceId?: string) {
  return http(base, 'POST', '/auth/refresh', { body: deviceId ? { refreshToken, deviceId } : { refreshToken } });
}

/** The generation id a refresh token names (its refresh_tokens row). */
export function generationOf(refreshToken: string): string {
  const key = parseRefreshToken(refreshToken);
  if (!key) throw new Error(`not a refresh token: ${refreshToken}`);
  return key.id;
}
