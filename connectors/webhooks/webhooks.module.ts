import { Module } from '@nestjs/common';
import { WEBHOOK_SENDER, type WebhookSender } from '../../src/bus/capabilities/webhook.sender.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../../src/config/app-config.js';
import { HttpWebhookConnector, HttpWebhookSettings } from './http-webhook.connector.js';

function createSender(config: ResolvedAppConfig): WebhookSender {
  const { allowedHosts, dnsServers, timeoutMs, maxResponseBytes } = config.webhooks;
  return new HttpWebhookConnector(new HttpWebhookSettings(allowedHosts, dnsServers, timeoutMs, maxResponseBytes));
}

/** Provides the outgoing-webhook capability from WEBHOOK_* settings. */
@Module({
  providers: [{ provide: WEBHOOK_SENDER, inject: [APP_CONFIG], useFactory: createSender }],
  exports: [WEBHOOK_SENDER],
})
export class WebhookConnectorModule {}
