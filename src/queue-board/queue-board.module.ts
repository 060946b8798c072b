import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { QueueBoardAccess } from './queue-board-access.service.js';
import { QueueBoardController } from './queue-board.controller.js';

/** bull-board at /admin/queues for system administrators; loaded only with the api role (see queue-board.mount.ts). */
@Module({
  imports: [IdentityModule],
  controllers: [QueueBoardController],
  providers: [QueueBoardAccess],
  exports: [QueueBoardAccess],
})
export class QueueBoardEdgeModule {}
