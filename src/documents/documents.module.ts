import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { DocumentChangeEntity } from './document-change.entity.js';
import { DocumentEntryEntity } from './document-entry.entity.js';
import { DocumentLinkEntity } from './document-link.entity.js';
import { DocumentLinkRepository } from './document-link.repository.js';
import { DocumentSyncJob } from './document-sync.job.js';
import { DocumentSyncService } from './document-sync.service.js';
import { DocumentService } from './document.service.js';
import { DocumentsController } from './documents.controller.js';
import { CommandsModule } from '../commands/commands.module.js';
import { DocumentNoticesJob } from './document-notices.job.js';

@Module({
  imports: [
    MessengerModule,
    CommandsModule,
    FilesModule,
    TypeOrmModule.forFeature([DocumentLinkEntity, DocumentEntryEntity, DocumentChangeEntity]),
  ],
  providers: [DocumentLinkRepository, DocumentService, DocumentSyncService, DocumentSyncJob, DocumentNoticesJob],
  exports: [DocumentService, DocumentSyncService],
})
export class DocumentsModule {}

/** The HTTP edge of documents, loaded with the api role. */
@Module({ imports: [DocumentsModule], controllers: [DocumentsController] })
export class DocumentsEdgeModule {}
