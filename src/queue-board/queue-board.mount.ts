import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Application, NextFunction, Request, Response } from 'express';
import { QueueService } from '../bus/queue.service.js';
import { labelRoute } from '../metrics/metrics.service.js';
import { queueBoardHeaders } from '../web/web-client.js';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH, QueueBoardAccess } from './queue-board-access.service.js';

/**
 * Mounts bull-board (its page, assets and JSON API) at /admin/queues behind the pass check, with
 * every queue of Ieum. Express middleware rather than a Nest controller, since bull-board brings
 * its own router; a refusal goes to the exception filter like any API error.
 */
export function mountQueueBoard(app: INestApplication): void {
  const access = app.get(QueueBoardAccess);
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueService)
      .allQueues()
      .map((queue) => new BullMQAdapter(queue)),
    // @bull-board/express carries its own copy of @bull-board/api (9.10.1): the same shape, other declarations.
    serverAdapter: board as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: { uiConfig: { boardTitle: 'Ieum 작업 대기열' } },
  });
  const router = board.getRouter() as Application;
  router.disable('x-powered-by');
  const gate = (request: Request, response: Response, next: NextFunction) => {
    labelRoute(response, QUEUE_BOARD_PATH);
    const pass = request.headers.cookie ? parseCookies(request.headers.cookie)[QUEUE_BOARD_COOKIE] : undefined;
    access.check(pass).then(() => next(), next);
  };
  app.use(QUEUE_BOARD_PATH, queueBoardHeaders(), gate, router);
}
