import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobName, type JobContext, type JobPayload } from '../bus/bus.constants.js';
import { WEBHOOK_SENDER, type WebhookSender } from '../bus/capabilities/webhook.sender.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { DeliveryStatus } from './webhooks.types.js';
import { WebhookRepository } from './webhook.repository.js';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  openSecret,
  SIGNATURE_HEADER,
  signPayload,
  TIMESTAMP_HEADER,
  webhookSecretKey,
} from './webhook-signature.js';

@Injectable()
export class WebhookDeliverJob {
  private readonly logger = new Logger(WebhookDeliverJob.name);
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedAppConfig,
    private readonly webhooks: WebhookRepository,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
  ) {
    this.key = webhookSecretKey(config.auth.jwtSecret);
  }

  /**
   * Sends one delivery, signed afresh at each attempt (the timestamp is the attempt's), with the
   * delivery's id in X-Ieum-Delivery so the subscriber can drop a copy. A 2xx delivers it; any
   * other answer, or none, is retried by the bus with back-off until its attempts run out; an
   * address the guard refuses is not retried. Each attempt is recorded on the delivery.
   */
  @OnJob(JobName.WebhookDeliver)
  async handle(
    data: JobPayload<typeof JobName.WebhookDeliver>,
    context: JobContext,
    now = new Date(),
  ): Promise<{ delivered: boolean }> {
    const delivery = await this.webhooks.findDelivery(data.deliveryId);
    if (!delivery || delivery.status !== DeliveryStatus.Pending) return { delivered: false };
    const subscription = await this.webhooks.findSubscriptionWithSecret(delivery.subscriptionId);
    if (!subscription?.secretSealed) return { delivered: false };

    const timestamp = String(Math.floor(now.getTime() / 1000));
    let secret: string;
    try {
      secret = openSecret(this.key, subscription.id, subscription.secretSealed);
    } catch {
      const error = 'the signing secret does not open with this JWT_SECRET: subscribe again';
      await this.webhooks.recordAttempt(delivery.id, {
        attempt: context.attempt,
        status: DeliveryStatus.Failed,
        statusCode: null,
        error,
        at: new Date(),
      });
      throw new UnrecoverableError(`webhook delivery ${delivery.id}: ${error}`);
    }
    const result = await this.sender.send({
      url: subscription.url,
      body: delivery.payload,
      headers: {
        [SIGNATURE_HEADER]: signPayload(secret, timestamp, delivery.payload),
        [TIMESTAMP_HEADER]: timestamp,
        [DELIVERY_HEADER]: delivery.id,
        [EVENT_HEADER]: delivery.event,
      },
    });
    const at = new Date();
    const last = context.attempt >= context.maxAttempts;
    switch (result.outcome) {
      case 'answered': {
        if (result.status >= 200 && result.status < 300) {
          await this.webhooks.recordAttempt(delivery.id, {
            attempt: context.attempt,
            status: DeliveryStatus.Delivered,
            statusCode: result.status,
            error: null,
            at,
          });
          return { delivered: true };
        }
        const error = `HTTP ${result.status}${result.excerpt ? `: ${result.excerpt}` : ''}`;
        await this.webhooks.recordAttempt(delivery.id, {
          attempt: context.attempt,
          status: last ? DeliveryStatus.Failed : DeliveryStatus.Pending,
          statusCode: result.status,
          error,
          at,
        });
        throw new Error(`webhook delivery ${delivery.id} answered ${result.status}`);
      }
      case 'failed': {
        await this.webhooks.recordAttempt(delivery.id, {
          attempt: context.attempt,
          status: last ? DeliveryStatus.Failed : DeliveryStatus.Pending,
          statusCode: null,
          error: result.error,
          at,
        });
        throw new Error(`webhook delivery ${delivery.id} failed: ${result.error}`);
      }
      case 'refused': {
        const error = `refused by the address guard: ${result.problem}${result.address ? ` (${result.address})` : ''}`;
        await this.webhooks.recordAttempt(delivery.id, {
          attempt: context.attempt,
          status: DeliveryStatus.Refused,
          statusCode: null,
          error,
          at,
        });
        this.logger.warn(`webhook subscription ${subscription.id}: ${error}`);
        throw new UnrecoverableError(`webhook delivery ${delivery.id} ${error}`);
      }
    }
  }
}
