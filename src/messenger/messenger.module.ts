import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FileEntity } from '../files/file.entity.js';
import { FileRepository } from '../files/file.repository.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessageCreatedHooks } from './message-created.hooks.js';
import { MessageMentionEntity } from './message-mention.entity.js';
import { MessageReactionEntity } from './message-reaction.entity.js';
import { MessageEntity } from './message.entity.js';
import { MessageRepository } from './message.repository.js';
import { MessageReadService } from './message-read.service.js';
import { MessageService } from './message.service.js';
import { MessageViewService } from './message-views.service.js';
import { PlainSendBatcher } from './plain-send.batcher.js';
import { MessengerController } from './messenger.controller.js';
import { RoomsController } from './rooms.controller.js';
import { MessengerGateway } from './realtime/messenger.gateway.js';
import { PresenceService } from './realtime/presence.service.js';
import { RealtimePublisher } from './realtime/realtime.publisher.js';
import { RoomMemberEntity } from './room-member.entity.js';
import { RoomEntity } from './room.entity.js';
import { RoomRepository } from './room.repository.js';
import { AgencyRoomsService } from './agency-rooms.service.js';
import { MessageAccessPolicy } from './message.access.js';
import { RoomAccessPolicy } from './room.access.js';
import { RoomService } from './room.service.js';
import { ThreadReplyHooks } from './thread-reply.hooks.js';
import { MessageChangeHooks } from './message-change.hooks.js';

@Module({
  imports: [
    IdentityModule,
    TypeOrmModule.forFeature([
      RoomEntity,
      RoomMemberEntity,
      MessageEntity,
      MessageMentionEntity,
      MessageReactionEntity,
      FileEntity,
    ]),
  ],
  providers: [
    RoomRepository,
    MessageRepository,
    PlainSendBatcher,
    FileRepository,
    RealtimePublisher,
    PresenceService,
    AgencyRoomsService,
    RoomAccessPolicy,
    MessageAccessPolicy,
    RoomService,
    MessageService,
    MessageReadService,
    MessageViewService,
    ThreadReplyHooks,
    MessageCreatedHooks,
    MessageChangeHooks,
  ],
  exports: [
    RoomService,
    MessageService,
    MessageReadService,
    ThreadReplyHooks,
    MessageCreatedHooks,
    MessageChangeHooks,
    RealtimePublisher,
    PresenceService,
    RoomRepository,
    FileRepository,
  ],
})
export class MessengerModule {}

/** The HTTP and socket.io edges of the messenger, loaded with the api role. */
@Module({
  imports: [MessengerModule, IdentityModule],
  controllers: [RoomsController, MessengerController],
  providers: [MessengerGateway],
})
export class MessengerEdgeModule {}
