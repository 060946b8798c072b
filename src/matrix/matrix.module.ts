import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MATRIX_EVENT_SINK } from '../bus/capabilities/matrix-homeserver.js';
import { CommandsModule } from '../commands/commands.module.js';
import { FilesModule } from '../files/files.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { MatrixBridgeService } from './matrix-bridge.service.js';
import { MatrixController } from './matrix.controller.js';
import { MatrixEventLinkEntity } from './matrix-event-link.entity.js';
import { MatrixInboundService } from './matrix-inbound.service.js';
import { MatrixOutboundParts } from './matrix-outbound-parts.service.js';
import { MatrixOutboundService } from './matrix-outbound.service.js';
import { MatrixPuppetRoomEntity } from './matrix-puppet-room.entity.js';
import { MatrixPuppetEntity } from './matrix-puppet.entity.js';
import { MatrixRelationsRepository } from './matrix-relations.repository.js';
import { MatrixRemoteUserEntity } from './matrix-remote-user.entity.js';
import { MatrixRoomLinkEntity } from './matrix-room-link.entity.js';
import { MatrixTransactionEntity } from './matrix-transaction.entity.js';
import { MatrixRepository } from './matrix.repository.js';

/** The Matrix bridge's domain side: links, the outbound lanes, and the sink inbound transactions go to. */
@Module({
  imports: [
    MessengerModule,
    FilesModule,
    CommandsModule,
    TypeOrmModule.forFeature([
      MatrixRoomLinkEntity,
      MatrixEventLinkEntity,
      MatrixTransactionEntity,
      MatrixPuppetEntity,
      MatrixPuppetRoomEntity,
      MatrixRemoteUserEntity,
    ]),
  ],
  providers: [
    MatrixRepository,
    MatrixRelationsRepository,
    MatrixOutboundParts,
    MatrixBridgeService,
    MatrixInboundService,
    MatrixOutboundService,
    { provide: MATRIX_EVENT_SINK, useExisting: MatrixInboundService },
  ],
  exports: [MatrixBridgeService, MATRIX_EVENT_SINK],
})
export class MatrixModule {}

/** The room panel's read of the bridge (api role). */
@Module({ imports: [MatrixModule], controllers: [MatrixController] })
export class MatrixEdgeModule {}
