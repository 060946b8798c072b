import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MATRIX_EVENT_SINK } from '../bus/capabilities/matrix-homeserver.js';
import { CommandsModule } from '../commands/commands.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { MatrixBridgeService } from './matrix-bridge.service.js';
import { MatrixEventLinkEntity } from './matrix-event-link.entity.js';
import { MatrixInboundService } from './matrix-inbound.service.js';
import { MatrixOutboundService } from './matrix-outbound.service.js';
import { MatrixRoomLinkEntity } from './matrix-room-link.entity.js';
import { MatrixRepository } from './matrix.repository.js';

/** The Matrix bridge's domain side: links, the outbound lanes, and the sink inbound transactions go to. */
@Module({
  imports: [MessengerModule, CommandsModule, TypeOrmModule.forFeature([MatrixRoomLinkEntity, MatrixEventLinkEntity])],
  providers: [MatrixRepository, MatrixBridgeService, MatrixInboundService, MatrixOutboundService, { provide: MATRIX_EVENT_SINK, useExisting: MatrixInboundService }],
  exports: [MatrixBridgeService, MATRIX_EVENT_SINK],
})
export class MatrixModule {}
