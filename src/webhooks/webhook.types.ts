/** The event types of API.md, "Accounts for real apps": what an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  'user.created',
  'user.deleted',
  'user.disabled',
  'user.email_changed',
  'session.revoked',
  'session.reuse_detected',
  'password.changed',
  'mfa.enrolled',
  'mfa.removed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** "Send test event": delivered to the one endpoint asked, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The body of every message (Standard Webhooks): `{ type, timestamp, data }`. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export function webhookPayload(type: string, data: Record<string, unknown>, at = new Date()): WebhookPayload {
  return { type, timestamp: at.toISOString(), data };
}
