import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { AppError } from '../common/errors.js';
import { HttpExceptionFilter, sendJson } from '../common/http-exception.filter.js';
import { OAuthError, oauthErrorFor } from './oauth-errors.js';

/**
 * The OAuth endpoints answer errors as RFC 6749 §5.2 does (`{ error, error_description }`),
 * which OAuth client libraries parse; the codes come from the same AppErrors as everywhere else.
 * What has no OAuth meaning (an internal failure) goes to the service's one filter.
 */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly fallback = new HttpExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const headers: Record<string, string> = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    if (exception instanceof OAuthError) {
      sendJson(
        reply,
        exception.status,
        { error: exception.error, error_description: exception.description },
        { ...headers, ...exception.headers },
      );
      return;
    }
    const mapped = exception instanceof AppError ? oauthErrorFor(exception.code) : undefined;
    if (exception instanceof AppError && mapped) {
      if (exception.retryAfter) headers['Retry-After'] = String(exception.retryAfter);
      sendJson(reply, mapped.status, { error: mapped.error, error_description: exception.message }, headers);
      return;
    }
    this.fallback.catch(exception, host);
  }
}
