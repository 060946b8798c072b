import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { WallAccessPolicy } from './wall.access.js';
import { WallController } from './wall.controller.js';
import { WallCommentEntity } from './wall-comment.entity.js';
import { WallCommentReportEntity } from './wall-comment-report.entity.js';
import { WallEntity } from './wall.entity.js';
import { WallLikeEntity } from './wall-like.entity.js';
import { WallPostEntity } from './wall-post.entity.js';
import { WallReportEntity } from './wall-report.entity.js';
import { WallRepository } from './wall.repository.js';
import { WallModerationService } from './wall-moderation.service.js';
import { WallService } from './wall.service.js';

@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    FilesModule,
    TypeOrmModule.forFeature([
      WallEntity,
      WallPostEntity,
      WallCommentEntity,
      WallLikeEntity,
      WallReportEntity,
      WallCommentReportEntity,
    ]),
  ],
  providers: [WallRepository, WallAccessPolicy, WallService, WallModerationService],
  exports: [WallService, WallModerationService],
})
export class WallModule {}

/** The HTTP edge of walls, loaded with the api role. */
@Module({ imports: [WallModule], controllers: [WallController] })
export class WallEdgeModule {}
