/** Anything with the shape of Web Storage; methods may be async (React Native AsyncStorage, Expo SecureStore). */
export interface StorageAdapter {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** The token pair of the auth service (docs/api.md); no `refreshToken` in cookie mode. */
export interface TokenPair {
  /** `DPoP` when the access token is bound to this device's DPoP key. */
  tokenType: 'Bearer' | 'DPoP';
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
  refreshExpiresIn: number;
  sessionId: string;
  deviceId: string;
}

/** What the client keeps about the signed-in session. */
export interface StoredSession {
  accessToken: string;
  /** Epoch ms (this device's clock) when the access token expires. */
  expiresAt: number;
  /** Epoch ms after which the client refreshes before using the token. */
  refreshAt: number;
  /** Bearer mode only: in cookie mode the refresh token lives in an HttpOnly cookie. */
  refreshToken?: string;
  sessionId: string;
  deviceId: string;
  /** `DPoP`: the access token is bound to this device's key and sent with a proof. */
  tokenType?: 'DPoP';
}

/** A session of the user as GET /auth/sessions lists it. */
export interface SessionInfo {
  id: string;
  userId: string;
  deviceId: string;
  deviceName: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current?: boolean;
}

export interface UserInfo {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  createdAt: string;
  /** GET /auth/me: a second factor is active. */
  mfa?: boolean;
}

/** The ways to finish a sign-in's second step. */
export type MfaMethod = 'totp' | 'passkey' | 'recovery_code';

/** GET /auth/mfa: the user's factors, never a secret. */
export interface MfaFactors {
  totp: { id: string; createdAt: string; lastUsedAt: string | null }[];
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null; backedUp: boolean; deviceType: string }[];
  recoveryCodesLeft: number;
}

/** A pending TOTP factor: show `otpauthUrl` as a QR code (and `secret` for typing), then confirmTotp. */
export interface TotpEnrolment {
  id: string;
  secret: string;
  otpauthUrl: string;
}

/** A second factor: a code (TOTP or recovery code), or `passkey: true` to ask this browser's authenticator. */
export type FactorInput = { code: string } | { passkey: true };

/** Why a session ended: a definitive answer of the server, or the user's own logout. */
export type SessionEndReason =
  | 'logout'
  | 'refresh_token_reused'
  | 'session_revoked'
  | 'device_mismatch'
  | 'refresh_token_expired'
  | 'invalid_refresh_token'
  | 'account_disabled';

/** The subset of the Web Locks API the client uses (navigator.locks). */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** The subset of BroadcastChannel the client uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
