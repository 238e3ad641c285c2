import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { AppConfig } from './config/app-config.js';

/** Builds the Fastify application exactly as production runs it; tests use the same function. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: LogLevel[] | false = ['log', 'warn', 'error']): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // trust exactly TRUST_PROXY hops of X-Forwarded-For (0: use the socket address)
    trustProxy: (_address: string, hop: number) => hop < config.TRUST_PROXY,
    bodyLimit: 64 * 1024,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, databaseUrl), adapter, { logger });
  app.useGlobalPipes(createValidationPipe());
  return app;
}
