import { SecretBearerGuard } from '../common/secret-bearer.guard.js';

/** With REVOCATION_FEED_SECRET set, the feed answers only `Authorization: Bearer <secret>`. */
export const FeedSecretGuard = SecretBearerGuard((config) => config.REVOCATION_FEED_SECRET, 'revocation feed secret');
