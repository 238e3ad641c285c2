import { describe, expect, it } from '@jest/globals';
import { createLogger, PinoNestLogger, requestContext } from './logger.js';

function capture() {
  let raw = '';
  const logger = createLogger('debug', { write: (chunk: string) => void (raw += chunk) });
  return {
    logger,
    lines: () =>
      raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    raw: () => raw,
  };
}

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA';
const REFRESH = '0b6f1e0c-2a8f-4b4e-9d2a-5e5f7f9c1a2b.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

describe('createLogger', () => {
  it('redacts secret fields at any of the first three levels of an object', () => {
    const sut = capture();
    sut.logger.info(
      { password: 'p1', body: { refreshToken: 'r1', newPassword: 'p2' }, req: { headers: { authorization: 'Bearer a1', cookie: 'c1' } } },
      'x',
    );
    expect(sut.raw()).not.toMatch(/p1|r1|p2|a1|c1/);
    expect(sut.lines()[0]).toMatchObject({
      password: '[Redacted]',
      body: { refreshToken: '[Redacted]' },
      req: { headers: { authorization: '[Redacted]' } },
    });
  });

  it('scrubs tokens and credentials out of free text, messages and errors alike', () => {
    const sut = capture();
    sut.logger.warn(`got ${JWT} and ${REFRESH} with Bearer abc.def`);
    sut.logger.error({ err: new Error(`bad token ${JWT}`) }, 'failed');
    new PinoNestLogger(sut.logger).error(`refresh ${REFRESH}`, `Error: x\n    at ${JWT}`, 'Ctx');
    expect(sut.raw()).not.toContain(JWT);
    expect(sut.raw()).not.toContain(REFRESH);
    expect(sut.raw()).not.toContain('abc.def');
    expect(sut.lines()[0].msg).toBe('got [Redacted] and [Redacted] with Bearer [Redacted]');
  });

  it('adds the request id of the request being served, and the level as a word', () => {
    const sut = capture();
    requestContext.run({ reqId: 'req-7' }, () => sut.logger.info('inside'));
    sut.logger.info('outside');
    expect(sut.lines().map((l) => [l.level, l.msg, l.reqId])).toEqual([
      ['info', 'inside', 'req-7'],
      ['info', 'outside', undefined],
    ]);
  });
});

describe('PinoNestLogger', () => {
  it('writes Nest calls as JSON with their context, and framework start-up chatter at debug', () => {
    const sut = capture();
    const nest = new PinoNestLogger(sut.logger);
    nest.log('listening', 'Bootstrap');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.warn({ event: 'slow' }, 'Keys');
    nest.error('boom', 'Error: boom\n    at x', 'Errors');
    expect(sut.lines().map(({ level, msg, context, event, stack }) => ({ level, msg, context, event, stack }))).toEqual([
      { level: 'info', msg: 'listening', context: 'Bootstrap', event: undefined, stack: undefined },
      { level: 'debug', msg: 'AppModule dependencies initialized', context: 'InstanceLoader', event: undefined, stack: undefined },
      { level: 'warn', msg: undefined, context: 'Keys', event: 'slow', stack: undefined },
      { level: 'error', msg: 'boom', context: 'Errors', event: undefined, stack: 'Error: boom\n    at x' },
    ]);
  });

  it('writes an error Nest logs without a stack (message, undefined, context) with no extra field', async () => {
    const sut = capture();
    const { Logger } = await import('@nestjs/common');
    Logger.overrideLogger(new PinoNestLogger(sut.logger));
    try {
      // what NestApplication.listen logs when the port is taken
      new Logger('NestApplication').error('Error: listen EADDRINUSE: address already in use 127.0.0.1:3000');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(sut.lines()).toEqual([
      expect.objectContaining({
        level: 'error',
        context: 'NestApplication',
        msg: 'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
      }),
    ]);
    expect(sut.lines()[0]).not.toHaveProperty('extra');
  });
});
