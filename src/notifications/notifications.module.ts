import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { MailIngressModule } from '../mail-ingress/mail-ingress.module.js';
import { MailModule } from '../mail/mail.module.js';
import { MessengerModule } from '../messenger/messenger.module.js';
import { DigestRepository } from './digest.repository.js';
import { DigestService } from './digest.service.js';
import { NotificationDigestEntity } from './notification-digest.entity.js';

@Module({
  imports: [
    IdentityModule,
    MessengerModule,
    MailModule,
    MailIngressModule,
    TypeOrmModule.forFeature([NotificationDigestEntity]),
  ],
  providers: [DigestRepository, DigestService],
})
export class NotificationsModule {}
