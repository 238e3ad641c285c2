import type { DataSourceOptions } from 'typeorm';
import { InitialSchema1732262400000 } from '../../migrations/1732262400000-InitialSchema.js';
import { NotifyRevocations1764660000000 } from '../../migrations/1764660000000-NotifyRevocations.js';
import { FlatFamilyDeletes1764660000001 } from '../../migrations/1764660000001-FlatFamilyDeletes.js';
import { CanonicalEmail1764620000000 } from '../../migrations/1764620000000-CanonicalEmail.js';
import { RateLimitBuckets1764620000001 } from '../../migrations/1764620000001-RateLimitBuckets.js';
import { LateRetry1764620000002 } from '../../migrations/1764620000002-LateRetry.js';
import { FamilyKeyedGenerations1764630000000 } from '../../migrations/1764630000000-FamilyKeyedGenerations.js';
import { AccountRecovery1764640000000 } from '../../migrations/1764640000000-AccountRecovery.js';
import { DpopBinding1764650000000 } from '../../migrations/1764650000000-DpopBinding.js';
import { LiveSessionsIndex1764670000000 } from '../../migrations/1764670000000-LiveSessionsIndex.js';
import { FamilyOrigin1764680000000 } from '../../migrations/1764680000000-FamilyOrigin.js';
import { DeviceTokensRevokedAt1764680000001 } from '../../migrations/1764680000001-DeviceTokensRevokedAt.js';
import { SecondFactors1764690000000 } from '../../migrations/1764690000000-SecondFactors.js';
import { OidcIdentities1764700000000 } from '../../migrations/1764700000000-OidcIdentities.js';
import { AppRolesAndClaims1764710000000 } from '../../migrations/1764710000000-AppRolesAndClaims.js';
import { AccountLifecycle1764710000001 } from '../../migrations/1764710000001-AccountLifecycle.js';
import { Webhooks1764710000002 } from '../../migrations/1764710000002-Webhooks.js';
import { LeanRefreshAndBatchKills1764720000000 } from '../../migrations/1764720000000-LeanRefreshAndBatchKills.js';
import { MfaTokenMethod1764730000000 } from '../../migrations/1764730000000-MfaTokenMethod.js';
import { MailOutboxUser1764730000001 } from '../../migrations/1764730000001-MailOutboxUser.js';

/** Migrations by class, not by glob: the same list works compiled, under jest and in the CLI. */
export const MIGRATIONS = [
  InitialSchema1732262400000,
  CanonicalEmail1764620000000,
  RateLimitBuckets1764620000001,
  LateRetry1764620000002,
  FamilyKeyedGenerations1764630000000,
  AccountRecovery1764640000000,
  DpopBinding1764650000000,
  NotifyRevocations1764660000000,
  FlatFamilyDeletes1764660000001,
  LiveSessionsIndex1764670000000,
  FamilyOrigin1764680000000,
  DeviceTokensRevokedAt1764680000001,
  SecondFactors1764690000000,
  OidcIdentities1764700000000,
  AppRolesAndClaims1764710000000,
  AccountLifecycle1764710000001,
  Webhooks1764710000002,
  LeanRefreshAndBatchKills1764720000000,
  MfaTokenMethod1764730000000,
  MailOutboxUser1764730000001,
];

/** The one DataSource configuration, used by the app, the tests and the TypeORM CLI. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // No entity classes: repositories write SQL, and the schema is the migrations alone.
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    extra: { connectionTimeoutMillis: 5000 },
  };
}
