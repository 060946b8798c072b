import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { FilesModule } from '../files/files.module.js';
import { LogMailDriver } from './drivers/log-mail.driver.js';
import { SmtpMailDriver } from './drivers/smtp-mail.driver.js';
import { MailFailureHooks } from './mail-failure.hooks.js';
import { MailSendJob } from './mail-send.job.js';
import { MAIL_DRIVER, type MailDriver } from './mail.driver.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';
import { OutboundMailEntity } from './outbound-mail.entity.js';

function createDriver(config: ResolvedAppConfig): MailDriver {
  switch (config.mail.driver) {
    case 'smtp':
      if (!config.mail.smtpUrl) throw new Error('MAIL_SMTP_URL is required when MAIL_DRIVER=smtp');
      return new SmtpMailDriver({ url: config.mail.smtpUrl, from: config.mail.from });
    case 'log':
      return new LogMailDriver();
  }
}

@Module({
  imports: [FilesModule, TypeOrmModule.forFeature([OutboundMailEntity])],
  providers: [MailRepository, MailService, MailSendJob, MailFailureHooks, { provide: MAIL_DRIVER, inject: [APP_CONFIG], useFactory: createDriver }],
  exports: [MailService, MailFailureHooks, MAIL_DRIVER],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAIL_DRIVER) private readonly driver: MailDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close?.();
  }
}
