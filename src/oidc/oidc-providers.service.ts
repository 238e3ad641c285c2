import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AppConfig } from '../config/app-config.js';
import type { OidcProviderConfig } from '../config/oidc-providers.js';

/** Seconds a discovery or token request to a provider may take. */
const PROVIDER_TIMEOUT = 10;

/** A configured provider and, once its discovery succeeded, the openid-client configuration. */
export interface OidcProvider {
  config: OidcProviderConfig;
  /** Undefined until discovery succeeds: sign-ins with it answer provider_error meanwhile. */
  client?: oidc.Configuration;
}

/**
 * The providers of OIDC_PROVIDERS, each discovered (OpenID Connect Discovery) at boot in the
 * background: a provider that does not answer is retried every OIDC_DISCOVERY_RETRY seconds
 * and never holds up the service or the other providers.
 */
@Injectable()
export class OidcProvidersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Oidc');
  private readonly providers = new Map<string, OidcProvider>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(@Inject(AppConfig) private readonly appConfig: AppConfig) {
    for (const config of appConfig.oidcProviders) this.providers.set(config.id, { config });
  }

  onApplicationBootstrap(): void {
    for (const provider of this.providers.values()) void this.discover(provider);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    for (const timer of this.retries) clearTimeout(timer);
  }

  /** Every configured provider, discovered or not, in configuration order. */
  list(): OidcProvider[] {
    return [...this.providers.values()];
  }

  get(id: string): OidcProvider | undefined {
    return this.providers.get(id);
  }

  /** Whether every provider has been discovered (tests and readiness wait on it). */
  get allDiscovered(): boolean {
    return this.list().every((p) => p.client !== undefined);
  }

  private async discover(provider: OidcProvider): Promise<void> {
    const { config } = provider;
    const issuer = new URL(config.issuer);
    try {
      provider.client = await oidc.discovery(
        issuer,
        config.clientId,
        { client_secret: config.clientSecret },
        // a public client proves itself with PKCE alone
        config.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(config.clientSecret),
        // plain http passed validation only for a provider on this machine outside production
        { execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [], timeout: PROVIDER_TIMEOUT },
      );
      // The ID token comes straight from the token endpoint, where OpenID Connect lets a client
      // skip its signature (3.1.3.7: TLS vouches for the issuer). Checked anyway, against the
      // provider's JWKS: a token endpoint behind a compromised proxy or DNS must not mint users.
      oidc.enableNonRepudiationChecks(provider.client);
      this.logger.log(`provider ${config.id}: discovered ${config.issuer}`);
    } catch (error) {
      if (this.stopped) return;
      const retry = this.appConfig.OIDC_DISCOVERY_RETRY;
      this.logger.warn(
        `provider ${config.id}: discovery of ${config.issuer} failed (${(error as Error).message}); its sign-ins answer provider_error; retrying in ${retry} s`,
      );
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        void this.discover(provider);
      }, retry * 1000);
      timer.unref();
      this.retries.add(timer);
    }
  }
}
