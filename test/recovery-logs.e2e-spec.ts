import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { simpleParser } from 'mailparser';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { createLogger } from '../src/observability/logger.js';
import { MailDelivery } from '../src/mail/mail-delivery.service.js';
import { BackgroundTasks } from '../src/recovery/background-tasks.js';
import { freshDatabase } from './support/database.js';
import { newUser } from './support/factories.js';
import { http } from './support/test-app.js';

/** The service with its real logger on, and everything it writes to stdout and stderr. */
describe('recovery logs', () => {
  const written: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  let app: NestFastifyApplication;
  let drop: () => Promise<void>;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    dataDir = mkdtempSync(path.join(tmpdir(), 'auth-data-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, MASTER_KEY: 'b'.repeat(64), PORT: '0' });
    const capture = (original: typeof originals.out) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        written.push(chunk.toString());
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = capture(originals.out);
    process.stderr.write = capture(originals.err);
    app = await createApp(config, database.url, createLogger('debug', { write: (chunk: string) => void written.push(chunk) }));
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
    await app.close();
    await drop();
  });

  const settle = async () => {
    await app.get(BackgroundTasks).idle();
    await app.get(MailDelivery).drain();
  };

  it('names each .eml file written to the outbox and never a token', async () => {
    const user = await newUser(url);
    expect((await http(url, 'POST', '/auth/password/forgot', { body: { email: user.email } })).status).toBe(202);
    await settle();
    const outbox = path.join(dataDir, 'outbox');
    const files = readdirSync(outbox).sort();
    expect(files).toHaveLength(2);
    const tokens: string[] = [];
    for (const file of files) {
      const mail = await simpleParser(readFileSync(path.join(outbox, file)));
      tokens.push(/token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]);
    }
    const [verifyToken, resetToken] = tokens;
    // use them, and present them again (errors are logged too, when they are)
    expect((await http(url, 'POST', '/auth/password/reset', { body: { token: resetToken, newPassword: 'logged nowhere 1' } })).status).toBe(
      204,
    );
    expect((await http(url, 'POST', '/auth/password/reset', { body: { token: resetToken, newPassword: 'logged nowhere 2' } })).status).toBe(
      400,
    );
    expect((await http(url, 'POST', '/auth/email/verify', { body: { token: verifyToken } })).status).toBe(204);
    expect((await http(url, 'POST', '/auth/email/verify', { body: { token: verifyToken } })).status).toBe(400);
    await fetch(`${url}/reset-password?token=${resetToken}`);

    const log = written.join('');
    for (const file of files) expect(log).toContain(`written to ${path.join(outbox, file)}`);
    expect(log).toContain(`mail is written as .eml files under ${outbox}`);
    for (const token of tokens) expect(log).not.toContain(token);
    expect(log).not.toContain('logged nowhere');
  });
});
