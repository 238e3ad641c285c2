import type { components, DefinitiveRefreshCode } from '#contract';

/** Anything with the shape of Web Storage; methods may be async (React Native AsyncStorage, Expo SecureStore). */
export interface StorageAdapter {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** The token pair of the auth service (docs/api.md); no `refreshToken` in cookie mode; `tokenType` `DPoP` when bound to this device's DPoP key. */
export type TokenPair = components['schemas']['TokenPairResponse'];

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
export type SessionInfo = components['schemas']['SessionResponse'];

export type UserInfo = components['schemas']['UserResponse'];

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
export type SessionEndReason = 'logout' | DefinitiveRefreshCode;

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
