import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { MemoEntity } from './memo.entity.js';
import { MemoRecipientEntity } from './memo-recipient.entity.js';
import { MemoTargetEntity } from './memo-target.entity.js';
import { MemoAccessPolicy } from './memo.access.js';
import { MemoRepository } from './memo.repository.js';
import { MemoService } from './memo.service.js';
import { MemoViews } from './memo-views.service.js';
import { MemosController } from './memos.controller.js';
import { CommandsModule } from '../commands/commands.module.js';
import { MemoNoticesJob } from './memo-notices.job.js';

@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    CommandsModule,
    FilesModule,
    TypeOrmModule.forFeature([MemoEntity, MemoTargetEntity, MemoRecipientEntity]),
  ],
  providers: [MemoRepository, MemoAccessPolicy, MemoViews, MemoService, MemoNoticesJob],
  exports: [MemoService],
})
export class MemosModule {}

/** The HTTP edge of memos, loaded with the api role. */
@Module({ imports: [MemosModule], controllers: [MemosController] })
export class MemosEdgeModule {}
