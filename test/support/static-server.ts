import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves a built web app (files only, index.html for /) on 127.0.0.1:port, for browser tests. */
export async function serveStatic(root: string, port: number): Promise<{ close(): Promise<void> }> {
  const base = path.resolve(root);
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://static').pathname);
    const file = path.resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(base + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Points a built app at its services, as a deployment does: the meta tags of its index.html. */
export function pointAt(dir: string, authUrl: string, resourceUrl: string): void {
  const index = path.join(dir, 'index.html');
  const html = readFileSync(index, 'utf8')
    .replace(/(<meta name="auth-url" content=")[^"]*"/, `$1${authUrl}"`)
    .replace(/(<meta name="resource-url" content=")[^"]*"/, `$1${resourceUrl}"`);
  if (!html.includes(authUrl) || !html.includes(resourceUrl)) throw new Error('index.html has no auth-url or resource-url meta tag');
  writeFileSync(index, html);
}
