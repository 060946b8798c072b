import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { INBOUND_MAIL_SINK, type InboundMailSink } from '../../src/bus/capabilities/inbound-mail.sink.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../../src/config/app-config.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { RedisService } from '../../src/redis/redis.service.js';

/**
 * The `smtp` role: an SMTP server (smtp-server) for room addresses. RCPT is checked against the
 * sink, so an unknown address gets 550 and nothing is taken; DATA is answered 250 only after the
 * sink committed the raw message, so a crash before that makes the sender retry and a crash after
 * it loses nothing. STARTTLS is offered when a key and certificate are configured. Each envelope
 * sender (the client address for the null sender) has MAIL_SENDER_PER_HOUR messages an hour,
 * counted in Redis (rate-limiter-flexible) across ingress nodes; past that the message is deferred
 * with 451, so a mail loop stalls while a real sender's server simply retries later.
 */
@Injectable()
export class SmtpIngressServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpIngressServer.name);
  private server: SMTPServer | undefined;
  private readonly perSender: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(INBOUND_MAIL_SINK) private readonly sink: InboundMailSink,
    redis: RedisService,
    private readonly metrics: MetricsService,
  ) {
    this.perSender = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('mail-sender'),
      points: config.mail.senderPerHour,
      duration: 3600,
    });
  }

  /** The port it listens on (useful when configured as 0). */
  get port(): number | undefined {
    return (this.server?.server.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('smtp')) return;
    const { smtpMaxBytes, smtpTls, domain } = this.config.mail;
    const server = new SMTPServer({
      name: domain,
      banner: 'Ieum mail ingress',
      authOptional: true,
      disabledCommands: smtpTls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(smtpTls ? { key: readFileSync(smtpTls.keyFile), cert: readFileSync(smtpTls.certFile) } : {}),
      size: smtpMaxBytes,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        this.sink.knowsRecipient(address.address).then(
          (known) =>
            callback(
              known
                ? undefined
                : this.refuse(
                    'rcpt',
                    Object.assign(new Error(`5.1.1 <${address.address}>: no such room address`), { responseCode: 550 }),
                  ),
            ),
          (error: unknown) =>
            callback(
              this.refuse(
                'rcpt',
                Object.assign(new Error('4.3.0 temporary failure, try again later'), {
                  responseCode: 451,
                  cause: error,
                }),
              ),
            ),
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          (ids) => {
            this.metrics.mailAccepted();
            callback(null, `queued as ${ids.join(',')}`);
          },
          (error: Error & { responseCode?: number }) => callback(this.refuse('data', error)),
        );
      },
    });
    server.on('error', (error) => this.logger.warn(`smtp ingress: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.config.mail.smtpPort, this.config.http.host, () => resolve());
    });
    this.server = server;
    this.logger.log(`smtp ingress listening on ${this.config.http.host}:${this.port ?? '?'} for @${domain}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private refuse<E extends Error & { responseCode?: number }>(stage: 'rcpt' | 'data', error: E): E {
    this.metrics.mailRefused(stage, error.responseCode);
    return error;
  }

  /** Reads the message whole (it is stored raw) and hands one copy per recipient to the sink. */
  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string[]> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded)
      throw Object.assign(new Error(`5.3.4 message larger than ${this.config.mail.smtpMaxBytes} bytes`), {
        responseCode: 552,
      });
    const raw = Buffer.concat(chunks);
    const from = session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null;
    await this.perSender.consume((from ?? `<>@${session.remoteAddress}`).toLowerCase()).catch((error: unknown) => {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw Object.assign(
        new Error(
          `4.7.1 too many messages from this sender; try again in ${Math.ceil(error.msBeforeNext / 60_000)} min`,
        ),
        { responseCode: 451 },
      );
    });
    const ids: string[] = [];
    for (const recipient of session.envelope.rcptTo) {
      ids.push(
        await this.sink.accept(
          {
            from,
            to: recipient.address,
            remoteAddress: session.remoteAddress,
            helo: session.hostNameAppearsAs || null,
          },
          raw,
        ),
      );
    }
    return ids;
  }
}
