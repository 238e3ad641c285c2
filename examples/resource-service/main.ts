/**
 * A minimal resource service protected by the auth service's tokens: npm run example:resource
 *
 *   AUTH_URL=http://localhost:3000 PORT=3001 npm run example:resource
 *
 * Env: AUTH_URL, AUTH_ISSUER (default AUTH_URL), AUTH_AUDIENCE (default api),
 * REVOCATION_FEED_SECRET, REVOCATION_MAX_STALENESS (seconds), PORT (default 3001),
 * HOST (default 0.0.0.0), HTTP_ADAPTER (express, the default, or fastify), CORS_ORIGINS (exact
 * origins of browser apps that may call it with a Bearer token, comma separated).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';

const app =
  process.env.HTTP_ADAPTER === 'fastify' ? await NestFactory.create(AppModule, new FastifyAdapter()) : await NestFactory.create(AppModule);
app.enableShutdownHooks();
const config = app.get(ConfigService);
const origins = config
  .get<string>('CORS_ORIGINS', '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);
// a Bearer header is not a credential in the CORS sense: no cookies, so no credentials needed
if (origins.length > 0) app.enableCors({ origin: origins, allowedHeaders: ['authorization', 'content-type'], maxAge: 7200 });
await app.listen(Number(config.get<string>('PORT', '3001')), config.get<string>('HOST', '0.0.0.0'));
console.log(`resource service listening on ${await app.getUrl()}`);
