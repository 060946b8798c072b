import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LogMailDriver } from './drivers/log-mail.driver.js';
import { MailSendJob } from './mail-send.job.js';
import { MAIL_DRIVER } from './mail.driver.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';
import { OutboundMailEntity } from './outbound-mail.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([OutboundMailEntity])],
  providers: [MailRepository, MailService, MailSendJob, { provide: MAIL_DRIVER, useFactory: () => new LogMailDriver() }],
  exports: [MailService],
})
export class MailModule {}
