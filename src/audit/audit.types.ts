import { AuditType } from '@auth-service/contract';

/** The audit event types of the wire contract (one definition: @auth-service/contract). */
export { AuditType };

/** Who did it, from where: copied onto every audit row. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord extends ClientInfo {
  type: AuditType;
  userId: string | null;
  sessionId: string | null;
  detail?: Record<string, unknown>;
}
