import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { assetPath } from '../common/assets.js';
import { Public } from '@auth-service/guard';

/** The pages' CSP: own scripts, styles and API only; no inline script, no framing. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const read = (file: string) => readFileSync(assetPath('pages', file), 'utf8');

/** Headers of every page and page asset: the links carry tokens, so nothing is cached or referred. */
function PageHeaders(contentType: string, cacheControl = 'no-store'): MethodDecorator {
  const headers: [string, string][] = [
    ['Content-Type', contentType],
    ['Content-Security-Policy', PAGE_CSP],
    ['X-Frame-Options', 'DENY'],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['Cache-Control', cacheControl],
  ];
  return (target, key, descriptor) => {
    for (const [name, value] of headers) Header(name, value)(target, key, descriptor);
  };
}

/**
 * The default targets of the mailed links (PASSWORD_RESET_URL, EMAIL_VERIFY_URL, EMAIL_CHANGE_URL),
 * so the flow works out of the box; apps with their own pages point those settings there instead.
 * Six fixed files, read once at boot; the icon at /favicon.ico, where browsers look for one
 * (the pages link it too), so no page of the service meets a 404 for it.
 */
@Public()
@Controller()
export class PagesController {
  private readonly files = {
    reset: read('reset-password.html'),
    verify: read('verify-email.html'),
    confirmEmail: read('confirm-email.html'),
    script: read('recovery.js'),
    style: read('recovery.css'),
    icon: readFileSync(assetPath('pages', 'favicon.ico')),
  };

  @Get('reset-password')
  @PageHeaders('text/html; charset=utf-8')
  resetPassword(): string {
    return this.files.reset;
  }

  @Get('verify-email')
  @PageHeaders('text/html; charset=utf-8')
  verifyEmail(): string {
    return this.files.verify;
  }

  @Get('confirm-email')
  @PageHeaders('text/html; charset=utf-8')
  confirmEmail(): string {
    return this.files.confirmEmail;
  }

  @Get('recovery/recovery.js')
  @PageHeaders('text/javascript; charset=utf-8')
  script(): string {
    return this.files.script;
  }

  @Get('recovery/recovery.css')
  @PageHeaders('text/css; charset=utf-8')
  style(): string {
    return this.files.style;
  }

  @Get('favicon.ico')
  @PageHeaders('image/x-icon', 'public, max-age=86400')
  favicon(): StreamableFile {
    return new StreamableFile(this.files.icon);
  }
}
