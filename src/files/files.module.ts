import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { FileAccessRegistry } from './file-access.registry.js';
import { FileAccessPolicy } from './file.access.js';
import { FileService } from './file.service.js';
import { FilesController } from './files.controller.js';
import { FileLargeObjectEntity } from './storage/file-large-object.entity.js';
import { FolderStorageDriver } from './storage/folder-storage.driver.js';
import { PostgresStorageDriver } from './storage/postgres-storage.driver.js';
import { S3StorageDriver } from './storage/s3-storage.driver.js';
import { STORAGE_DRIVER } from './storage/storage.driver.js';

@Module({
  imports: [MessengerModule, TypeOrmModule.forFeature([FileLargeObjectEntity])],
  providers: [
    {
      provide: STORAGE_DRIVER,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedAppConfig) => {
        if (config.files.driver === 'postgres') return new PostgresStorageDriver(config.database.url);
        if (config.files.driver === 's3' && config.files.s3) return new S3StorageDriver(config.files.s3);
        return new FolderStorageDriver(config.files.dir);
      },
    },
    FileService,
    FileAccessRegistry,
    FileAccessPolicy,
  ],
  exports: [FileService, FileAccessRegistry, STORAGE_DRIVER],
})
export class FilesModule {}

/** Upload and download routes; loaded with the api role. */
@Module({ imports: [FilesModule, MessengerModule], controllers: [FilesController] })
export class FilesEdgeModule {}
