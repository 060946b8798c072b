import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

export interface DataSourceSettings {
  /**
   * Whether the options name every entity. The migration CLI and the other bare data sources do;
   * the Nest app does not, since each module declares its own (`TypeOrmModule.forFeature`) and
   * the root loads them (`autoLoadEntities`).
   */
  listEntities: boolean;
  poolSize?: number;
  /**
   * PostgreSQL ends a session that sits inside a transaction doing nothing for this long. A process
   * whose event loop stops dead mid-transaction (frozen, swapped out, stuck in a synchronous loop)
   * would otherwise keep its row locks, and every other writer of those rows (a room's sequence, a
   * command's ledger row) would wait for it however long it sleeps.
   */
  idleInTransactionMs?: number;
}

export function dataSourceOptions(
  url: string,
  { listEntities, poolSize = 10, idleInTransactionMs }: DataSourceSettings,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: listEntities ? ENTITIES : [],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as errors to their callers, who log them through pino.
    logging: ['migration'],
    extra: {
      max: poolSize,
      application_name: 'ieum',
      ...(idleInTransactionMs ? { idle_in_transaction_session_timeout: idleInTransactionMs } : {}),
    },
  };
}
