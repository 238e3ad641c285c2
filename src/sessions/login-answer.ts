import type { TokenPair } from './sessions.service.js';

/** Device tokens (and their cookie) are valid a year. */
export const DEVICE_TOKEN_TTL = 365 * 24 * 3600;

/** The login answer: the token pair and this device's token for its next logins. */
export type LoginAnswer = TokenPair & { deviceToken: string };
