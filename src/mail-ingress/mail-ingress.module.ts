import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { INBOUND_MAIL_SINK } from '../bus/capabilities/inbound-mail.sink.js';
import { FilesModule } from '../files/files.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { MailModule } from '../mail/mail.module.js';
import { InboundMailEntity } from './inbound-mail.entity.js';
import { MailBounceService } from './mail-bounce.service.js';
import { MailEgressService } from './mail-egress.service.js';
import { MailAddressesController } from './mail-addresses.controller.js';
import { MailIngressController } from './mail-ingress.controller.js';
import { MailIngressRepository } from './mail-ingress.repository.js';
import { MailIngressService } from './mail-ingress.service.js';
import { MailIngestService } from './mail-ingest.service.js';
import { MailIngestSweepJob } from './mail-ingest-sweep.job.js';
import { MailThreadEntity } from './mail-thread.entity.js';
import { MailThreadMessageEntity } from './mail-thread-message.entity.js';
import { MailThreadRepository } from './mail-thread.repository.js';
import { MailReplyAddressEntity } from './mail-reply-address.entity.js';
import { MailboxWatermarkEntity } from './mailbox-watermark.entity.js';
import { RoomMailAddressEntity } from './room-mail-address.entity.js';
import { CommandsModule } from '../commands/commands.module.js';
import { MailIngestJob } from './mail-ingest.job.js';

@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    CommandsModule,
    FilesModule,
    MailModule,
    TypeOrmModule.forFeature([
      RoomMailAddressEntity,
      InboundMailEntity,
      MailThreadEntity,
      MailThreadMessageEntity,
      MailReplyAddressEntity,
      MailboxWatermarkEntity,
    ]),
  ],
  providers: [
    MailIngressRepository,
    MailThreadRepository,
    MailIngressService,
    MailIngestService,
    MailIngestSweepJob,
    MailEgressService,
    MailBounceService,
    MailIngestJob,
    { provide: INBOUND_MAIL_SINK, useExisting: MailIngressService },
  ],
  exports: [MailIngressService, MailBounceService, MailModule, INBOUND_MAIL_SINK],
})
export class MailIngressModule {}

/** The HTTP edge (room addresses), loaded with the api role. */
@Module({ imports: [MailIngressModule], controllers: [MailIngressController, MailAddressesController] })
export class MailIngressEdgeModule {}
