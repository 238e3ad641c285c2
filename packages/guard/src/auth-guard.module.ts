import {
  DynamicModule,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokenVerifier, verifyAccessToken } from './access-token-verifier.js';
import {
  AUTH_GUARD_OPTIONS,
  checkOptions,
  revocationStreamUrl,
  revocationUrl,
  type AuthGuardModuleOptions,
  type AuthGuardOptions,
} from './auth-guard.options.js';
import { DpopPossession } from './dpop-possession.js';
import { MemoryReplayStore } from './dpop-proof.js';
import { Jwks } from './jwks.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { RevocationFeed } from './revocation.feed.js';

export interface AuthGuardAsyncOptions extends AuthGuardModuleOptions, Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: any[]) => AuthGuardOptions | Promise<AuthGuardOptions>;
}

const logger = new Logger('AuthGuard');

/**
 * Protects a Nest service with the auth service's access tokens:
 *
 *   AuthGuardModule.forRoot({ issuer, audience, jwksUri, global: true })
 *
 * The module is global, so @UseGuards(JwtAuthGuard) works in every module of the app.
 */
@Module({})
export class AuthGuardModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly jwks: Jwks,
    @Inject(RevocationFeed) private readonly revocations: RevocationFeed | null,
  ) {}

  static forRoot(options: AuthGuardOptions & AuthGuardModuleOptions): DynamicModule {
    const { global, ...guardOptions } = options;
    return AuthGuardModule.build({ provide: AUTH_GUARD_OPTIONS, useValue: checkOptions(guardOptions) }, [], global);
  }

  /** Options from a factory, e.g. with ConfigService: `{ inject: [ConfigService], useFactory: (config) => ({ ... }) }`. */
  static forRootAsync(options: AuthGuardAsyncOptions): DynamicModule {
    const optionsProvider: Provider = {
      provide: AUTH_GUARD_OPTIONS,
      inject: options.inject ?? [],
      useFactory: async (...args: unknown[]) => checkOptions(await options.useFactory(...args)),
    };
    return AuthGuardModule.build(optionsProvider, options.imports ?? [], options.global);
  }

  private static build(optionsProvider: Provider, imports: NonNullable<ModuleMetadata['imports']>, global = false): DynamicModule {
    const providers: Provider[] = [
      optionsProvider,
      {
        provide: Jwks,
        inject: [AUTH_GUARD_OPTIONS],
        useFactory: (o: AuthGuardOptions) =>
          new Jwks({ uri: o.jwksUri, minRefetchSeconds: o.jwksMinRefetchSeconds, fetch: o.fetch, logger }),
      },
      {
        provide: RevocationFeed,
        inject: [AUTH_GUARD_OPTIONS],
        useFactory: (o: AuthGuardOptions) => {
          if (o.revocations === false) return null;
          const revocations = o.revocations ?? {};
          return new RevocationFeed({
            url: revocationUrl(o, revocations),
            streamUrl: revocationStreamUrl(o, revocations),
            secret: revocations.secret,
            pollSeconds: revocations.pollSeconds ?? 2,
            maxStalenessSeconds: revocations.maxStalenessSeconds,
            toleranceSeconds: o.clockToleranceSeconds ?? 0,
            fetch: o.fetch,
            logger,
          });
        },
      },
      {
        provide: AccessTokenVerifier,
        inject: [AUTH_GUARD_OPTIONS, Jwks],
        useFactory: (o: AuthGuardOptions, jwks: Jwks) =>
          new AccessTokenVerifier({
            clockToleranceSeconds: o.clockToleranceSeconds,
            cacheSize: o.cacheSize,
            check: verifyAccessToken({
              issuer: o.issuer,
              audience: o.audience,
              keys: jwks.getKey,
              clockToleranceSeconds: o.clockToleranceSeconds,
              maxLifetimeSeconds: o.maxTokenLifetimeSeconds,
            }),
          }),
      },
      {
        provide: DpopPossession,
        inject: [AUTH_GUARD_OPTIONS],
        useFactory: (o: AuthGuardOptions) =>
          new DpopPossession({
            replays: new MemoryReplayStore(o.dpop?.replayCacheSize),
            windowSeconds: o.dpop?.proofWindowSeconds,
            publicUrl: o.dpop?.publicUrl,
          }),
      },
      JwtAuthGuard,
    ];
    if (global) providers.push({ provide: APP_GUARD, useExisting: JwtAuthGuard });
    return {
      module: AuthGuardModule,
      global: true,
      imports,
      providers,
      exports: [JwtAuthGuard, AccessTokenVerifier, RevocationFeed, Jwks, DpopPossession],
    };
  }

  /** Keys and revocations are loaded before the app serves (a failure is logged, not fatal). */
  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.jwks.start(), this.revocations?.start()]);
  }

  onApplicationShutdown(): void {
    this.jwks.stop();
    this.revocations?.stop();
  }
}
