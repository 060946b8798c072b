import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { answerClientErrors } from './common/client-error.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { InputGuard } from './common/input.guard.js';
import { addValidationRules } from './common/openapi-rules.js';
import { jsonBody } from './common/json-body.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { ResolvedAppConfig } from './config/app-config.js';
import { MetricsService } from './metrics/metrics.service.js';
import { mountQueueBoard } from './queue-board/queue-board.mount.js';
import { RedisIoAdapter } from './messenger/realtime/redis-io.adapter.js';
import { serveWebClient } from './web/web-client.js';

/**
 * Builds the application for the configured roles. With the api role it serves HTTP; otherwise it
 * is an application context (a worker or SMTP node). The caller decides when to listen.
 */
export async function createApp(config: ResolvedAppConfig): Promise<INestApplication> {
  // JSON only, parsed by jsonBody (limits per route, depth checked first); no form bodies.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoles(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Per-address limits (sign-in, bookings, guest links) see the client's address, not the load balancer's.
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  app.use(app.get(MetricsService).httpMiddleware());
  app.use(jsonBody());
  app.useGlobalGuards(new InputGuard());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  if (config.roles.has('api')) {
    const http = app.getHttpServer();
    // Idle keep-alive connections stay open longer than a load balancer's usual 60 s, so the
    // server is never the side that closes one just as a client (or the balancer) reuses it: that
    // race answers the request with a reset connection (Node's default is 5 s).
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
    answerClientErrors(http);
    mountQueueBoard(app);
    serveWebClient(app, config);
    app.useWebSocketAdapter(new RedisIoAdapter(app));
    const document = addValidationRules(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Ieum API')
          .setDescription('Ieum (이음): collaboration for public agencies')
          .setVersion('0.1.0')
          .addBearerAuth()
          .build(),
      ),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  }
  return app;
}
