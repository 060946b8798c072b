import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/**
 * `idleInTransactionMs`: PostgreSQL ends a session that sits inside a transaction doing nothing for
 * this long. A process whose event loop stops dead mid-transaction (frozen, swapped out, stuck in a
 * synchronous loop) would otherwise keep its row locks, and every other writer of those rows
 * (a room's sequence, a command's ledger row) would wait for it however long it sleeps.
 */
export function dataSourceOptions(url: string, poolSize = 10, idleInTransactionMs?: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries surface as errors to their callers, who log them through pino.
    logging: ['migration'],
    extra: { max: poolSize, application_name: 'ieum', ...(idleInTransactionMs ? { idle_in_transaction_session_timeout: idleInTransactionMs } : {}) },
  };
}
