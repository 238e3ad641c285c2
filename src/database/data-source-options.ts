import type { DataSourceOptions } from 'typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { CryptoKeyEntity } from '../crypto/crypto-key.entity.js';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity.js';
import { SessionFamilyEntity } from '../sessions/session-family.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { InitialSchema1732262400000 } from '../../migrations/1732262400000-InitialSchema.js';
import { NotifyRevocations1764660000000 } from '../../migrations/1764660000000-NotifyRevocations.js';
import { FlatFamilyDeletes1764660000001 } from '../../migrations/1764660000001-FlatFamilyDeletes.js';

export const ENTITIES = [UserEntity, SessionFamilyEntity, RefreshTokenEntity, AuditEventEntity, CryptoKeyEntity];

/** Migrations by class, not by glob: the same list works compiled, under jest and in the CLI. */
export const MIGRATIONS = [InitialSchema1732262400000, NotifyRevocations1764660000000, FlatFamilyDeletes1764660000001];

/** The one DataSource configuration, used by the app, the tests and the TypeORM CLI. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    extra: { connectionTimeoutMillis: 5000 },
  };
}
