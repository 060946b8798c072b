import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { MemoEntity, MemoRecipientEntity, MemoTargetEntity } from './memo.entity.js';
import { MemoAccessPolicy } from './memo.access.js';
import { MemoRepository } from './memo.repository.js';
import { MemoService } from './memo.service.js';
import { MemosController } from './memos.controller.js';

@Module({
  imports: [IdentityModule, MessengerModule, FilesModule, TypeOrmModule.forFeature([MemoEntity, MemoTargetEntity, MemoRecipientEntity])],
  providers: [MemoRepository, MemoAccessPolicy, MemoService],
  exports: [MemoService],
})
export class MemosModule {}

/** The HTTP edge of memos, loaded with the api role. */
@Module({ imports: [MemosModule], controllers: [MemosController] })
export class MemosEdgeModule {}
