import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';

/** The caller's ip (as the adapter resolved it, honouring TRUST_PROXY) and user agent. */
export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): ClientInfo => {
  const request = ctx.switchToHttp().getRequest<{ ip?: string; headers: Record<string, string | string[] | undefined> }>();
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null,
  };
});
