import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BotsModule } from '../bots/bots.module.js';
import { AccessModule } from './access/access.module.js';
import { AuditModule } from './audit/audit.module.js';
import { DemoContentService } from './bootstrap/demo-content.service.js';
import { logDestination } from './bootstrap/logging.js';
import { DemoSeedService } from './bootstrap/demo-seed.service.js';
import { BusModule } from './bus/bus.module.js';
import type { ResolvedAppConfig } from './config/app-config.js';
import { CommandsEdgeModule, CommandsModule } from './commands/commands.module.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FilesEdgeModule, FilesModule } from './files/files.module.js';
import { MailEdgeModule, MailModule } from './mail/mail.module.js';
import { EmailConnectorModule } from '../connectors/email/email.module.js';
import { MatrixAppServiceModule } from '../connectors/matrix/matrix-appservice.module.js';
import { MatrixHomeserverModule } from '../connectors/matrix/matrix-homeserver.module.js';
import { JitsiModule } from '../connectors/jitsi/jitsi.module.js';
import { WebhookConnectorModule } from '../connectors/webhooks/webhooks.module.js';
import { DocumentsConnectorModule } from '../connectors/documents/documents-connector.module.js';
import { MatrixEdgeModule, MatrixModule } from './matrix/matrix.module.js';
import { ConsultationsEdgeModule, ConsultationsModule } from './consultations/consultations.module.js';
import { MailIngressEdgeModule, MailIngressModule } from './mail-ingress/mail-ingress.module.js';
import { MeetingsEdgeModule, MeetingsModule } from './meetings/meetings.module.js';
import { StatsEdgeModule, StatsModule } from './stats/stats.module.js';
import { TasksEdgeModule, TasksModule } from './tasks/tasks.module.js';
import { MemosEdgeModule, MemosModule } from './memos/memos.module.js';
import { WallEdgeModule, WallModule } from './wall/wall.module.js';
import { DocumentsEdgeModule, DocumentsModule } from './documents/documents.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { HealthController } from './health/health.controller.js';
import { IdentityHttpModule, IdentityModule } from './identity/identity.module.js';
import { MessengerEdgeModule, MessengerModule } from './messenger/messenger.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { WebhooksEdgeModule, WebhooksModule } from './webhooks/webhooks.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { QueueBoardEdgeModule } from './queue-board/queue-board.module.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The connectors behind src/bus/capabilities, bound here and nowhere else: a domain module asks for a
 * capability's token (VIDEO_CONFERENCE_PROVIDER, DOCUMENT_STORE, ...) and never imports a connector.
 */
const CONNECTORS = [JitsiModule, MatrixHomeserverModule, WebhookConnectorModule, DocumentsConnectorModule];
@Global()
@Module({ imports: CONNECTORS, exports: CONNECTORS })
class CapabilitiesModule {}

/** HTTP and socket.io edges: loaded only with the api role. */
@Module({
  imports: [
    IdentityHttpModule,
    MessengerEdgeModule,
    CommandsEdgeModule,
    FilesEdgeModule,
    MeetingsEdgeModule,
    ConsultationsEdgeModule,
    MailIngressEdgeModule,
    StatsEdgeModule,
    TasksEdgeModule,
    MemosEdgeModule,
    WallEdgeModule,
    MailEdgeModule,
    WebhooksEdgeModule,
    QueueBoardEdgeModule,
    DocumentsEdgeModule,
    MatrixAppServiceModule,
    MatrixEdgeModule,
  ],
})
class ApiRoleModule {}

/**
 * The root module for a set of roles. Domain modules (and their job handlers) load in every role,
 * so the handler check at boot sees the whole table; edges load only where their role runs.
 */
@Module({})
export class AppModule {
  static forRoles(config: ResolvedAppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // One destination for every line of the process: JSON lines, or readable ones on a terminal.
          pinoHttp: [
            {
              level: config.logLevel,
              genReqId: (request: IncomingMessage) => {
                const given = request.headers['x-request-id'];
                return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              },
              redact: {
                // Location: single sign-on's redirects carry its state and code; a file's may carry a signed link.
                paths: [
                  'req.headers.authorization',
                  'req.headers.cookie',
                  'res.headers["set-cookie"]',
                  'res.headers.location',
                  '*.password',
                  '*.refreshToken',
                  '*.accessToken',
                ],
                censor: '[redacted]',
              },
              // Personal links carry their credential in the path (a guest's meeting link, a citizen's manage
              // link): it is cut from the URL, and route params (which repeat the path) are not logged.
              serializers: {
                req: (req: { url?: string; params?: unknown; query?: unknown }) => ({
                  ...req,
                  params: undefined,
                  ...redactRequestUrl(req.url, req.query),
                }),
              },
              autoLogging: {
                ignore: (request) =>
                  request.url === '/health' || request.url === '/ready' || request.url === '/metrics',
              },
            },
            logDestination(config),
          ],
        }),
        MetricsModule,
        DatabaseModule,
        RedisModule,
        BusModule,
        AccessModule,
        CapabilitiesModule,
        AuditModule,
        IdentityModule,
        MessengerModule,
        CommandsModule,
        RemindersModule,
        BotsModule,
        FilesModule,
        MailModule,
        NotificationsModule,
        MeetingsModule,
        TasksModule,
        MemosModule,
        WallModule,
        DocumentsModule,
        ConsultationsModule,
        MailIngressModule,
        EmailConnectorModule,
        MatrixModule,
        StatsModule,
        WebhooksModule,
        ...(config.roles.has('api') ? [ApiRoleModule] : []),
      ],
      // Health and metrics answer in every role: a worker or SMTP node serves them on METRICS_PORT.
      controllers: [HealthController],
      providers: [DemoSeedService, DemoContentService],
    };
  }
}

const PATH_TOKEN = /\/(guest|manage|confirm)\/[A-Za-z0-9_-]+/g;

/** Single sign-on's callback carries the provider's code and the state in its query: neither is logged. */
export function redactRequestUrl(url: string | undefined, query: unknown): { url: string | undefined; query: unknown } {
  if (url?.startsWith('/auth/sso/')) return { url: url.replace(/\?.*$/, '?[redacted]'), query: undefined };
  return { url: redactPathTokens(url), query };
}

/** `/public/consultations/manage/<token>/join` → `/public/consultations/manage/[redacted]/join`. */
export function redactPathTokens(url: string | undefined): string | undefined {
  return url?.replace(PATH_TOKEN, '/$1/[redacted]');
}
