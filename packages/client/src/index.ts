/**
 * Client of the auth service for browsers, React Native and Node: no `node:` imports, no
 * dependency but jose (loaded only for the optional envelope).
 */
export {
  createAuthClient,
  type AuthClient,
  type AuthClientOptions,
  type IdentityInfo,
  type LoginInput,
  type ProviderInfo,
  type SignInWithOptions,
} from './client.js';
export { AuthClientError, DEFINITIVE_CODES, MfaRequiredError } from './errors.js';
export { passkeysSupported, PasskeysUnsupportedError } from './passkeys.js';
export { generateDpopKeyPair } from './dpop.js';
export { localStorageAdapter, memoryStorage } from './storage.js';
export type {
  ChannelLike,
  FactorInput,
  FetchLike,
  LockManagerLike,
  MfaFactors,
  MfaMethod,
  SessionEndReason,
  SessionInfo,
  StorageAdapter,
  StoredSession,
  TokenPair,
  TotpEnrolment,
  UserInfo,
} from './types.js';
