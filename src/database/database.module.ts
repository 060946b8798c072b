import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { DatabaseRepository } from './database.repository.js';
import { UnitOfWork } from './unit-of-work.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedAppConfig) => ({
        // No transaction of ours waits on anything for as long as a job's lock: one that does
        // belongs to a stopped process, whose jobs another worker is about to take over.
        ...dataSourceOptions(config.database.url, {
          listEntities: false,
          poolSize: config.database.poolSize,
          idleInTransactionMs: config.bus.lockSeconds * 1000,
        }),
        // Each module declares its entities with TypeOrmModule.forFeature; ENTITIES stays the migration CLI's list.
        autoLoadEntities: true,
        migrationsRun: false,
      }),
    }),
  ],
  providers: [UnitOfWork, DatabaseRepository],
  exports: [UnitOfWork, DatabaseRepository],
})
export class DatabaseModule {}
