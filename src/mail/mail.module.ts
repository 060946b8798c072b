import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { FilesModule } from '../files/files.module.js';
import { LogMailDriver } from './drivers/log-mail.driver.js';
import { CopyingMailDriver, MailboxMailDriver } from './drivers/mailbox-mail.driver.js';
import { SmtpMailDriver } from './drivers/smtp-mail.driver.js';
import { MailFailureHooks } from './mail-failure.hooks.js';
import { MailSendJob } from './mail-send.job.js';
import { MAIL_DRIVER, type MailDriver } from './mail.driver.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';
import { MailboxAttachmentEntity } from './mailbox/mailbox-attachment.entity.js';
import { MailboxMailEntity } from './mailbox/mailbox-mail.entity.js';
import { MailboxController } from './mailbox/mailbox.controller.js';
import { MailboxRepository } from './mailbox/mailbox.repository.js';
import { MailboxService } from './mailbox/mailbox.service.js';
import { OutboundMailEntity } from './outbound-mail.entity.js';

function createDriver(config: ResolvedAppConfig, mailboxRepository: MailboxRepository): MailDriver {
  const mailbox = new MailboxMailDriver(mailboxRepository, {
    from: config.mail.from,
    keep: config.mail.mailbox.keep,
    days: config.mail.mailbox.days,
  });
  const copied = (driver: MailDriver) => (config.mail.mailbox.copy ? new CopyingMailDriver(driver, mailbox) : driver);
  switch (config.mail.driver) {
    case 'smtp':
      if (!config.mail.smtpUrl) throw new Error('MAIL_SMTP_URL is required when MAIL_DRIVER=smtp');
      return copied(new SmtpMailDriver({ url: config.mail.smtpUrl, from: config.mail.from }));
    case 'log':
      return copied(new LogMailDriver());
    case 'mailbox':
      return mailbox;
  }
}

@Module({
  imports: [FilesModule, TypeOrmModule.forFeature([OutboundMailEntity, MailboxMailEntity, MailboxAttachmentEntity])],
  providers: [
    MailRepository,
    MailService,
    MailSendJob,
    MailFailureHooks,
    MailboxRepository,
    MailboxService,
    { provide: MAIL_DRIVER, inject: [APP_CONFIG, MailboxRepository], useFactory: createDriver },
  ],
  exports: [MailService, MailFailureHooks, MAIL_DRIVER, MailboxService],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_DRIVER) private readonly driver: MailDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close?.();
  }
}

/** The demo mailbox's HTTP edge (system administrators), loaded with the api role. */
@Module({ imports: [MailModule], controllers: [MailboxController] })
export class MailEdgeModule {}
