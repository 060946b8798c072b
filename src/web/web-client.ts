import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import type { ResolvedAppConfig } from '../config/app-config.js';
import { isClientRoute } from './client-routes.js';

/**
 * Serves the built web client from the API's origin. Hashed assets are cached for a year; the
 * page itself is sent for client routes only, and only to a browser navigating (a request that
 * prefers HTML), so `GET /tasks/<id>` with `Accept: application/json` still reaches the API while
 * the same link opened from a mail opens the page.
 */
export function serveWebClient(app: INestApplication, config: ResolvedAppConfig): void {
  const express_ = app as NestExpressApplication;
  // Every answer: no referrer (personal links carry tokens in their path), no sniffing, no framing.
  express_.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  const dir = config.web.dir;
  if (!dir) return;
  const index = path.join(dir, 'index.html');
  const pageHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  express_.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  express_.use(
    '/fonts',
    express.static(path.join(dir, 'fonts'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  for (const file of ['favicon.svg', 'robots.txt']) {
    express_.use(`/${file}`, (request: Request, response: Response, next: NextFunction) =>
      request.method === 'GET' || request.method === 'HEAD'
        ? response.sendFile(path.join(dir, file), { maxAge: '1d' })
        : next(),
    );
  }
  express_.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isClientRoute(request.path) || !wantsPage(request))
      return next();
    pageHeaders(request, response, () => {
      response.setHeader('Cache-Control', 'no-cache');
      response.setHeader('Vary', 'Accept');
      response.sendFile(index);
    });
  });
}

/**
 * The headers of the queue dashboard (bull-board, at /admin/queues): its page carries inline
 * styles and a <base> element, so style-src and base-uri are relaxed there and nowhere else. Its
 * Google Fonts stylesheet stays blocked (an administrator's visits are nobody else's business);
 * the board falls back to system fonts.
 */
export function queueBoardHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

function wantsPage(request: Request): boolean {
  if (request.path === '/') return true;
  if (request.headers['sec-fetch-mode'] === 'navigate') return true;
  return request.accepts(['application/json', 'text/html']) === 'text/html';
}

function contentSecurityPolicy(config: ResolvedAppConfig): Record<string, string[]> {
  // The video room is an iframe of the Jitsi deployment, driven by its external_api.js.
  const jitsi = `https://${config.jitsi.domain ?? 'meet.jit.si'}`;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", jitsi],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'media-src': ["'self'", 'blob:'],
    'frame-src': [jitsi],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}
