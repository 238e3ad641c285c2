/**
 * Client of the auth service for browsers, React Native and Node: no `node:` imports, no
 * dependency but jose (loaded only for the optional envelope).
 */
export { createAuthClient, type AuthClient, type AuthClientOptions, type IdentityInfo, type LoginInput, type ProviderInfo, type SignInWithOptions } from './client.js';
export { AuthClientError, DEFINITIVE_CODES } from './errors.js';
export { generateDpopKeyPair } from './dpop.js';
export { localStorageAdapter, memoryStorage } from './storage.js';
export type { ChannelLike, FetchLike, LockManagerLike, SessionEndReason, SessionInfo, StorageAdapter, StoredSession, TokenPair, UserInfo } from './types.js';
