import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  MATRIX_EVENT_SINK,
  type MatrixEvent,
  type MatrixEventSink,
} from '../../src/bus/capabilities/matrix-homeserver.js';
import { Public } from '../../src/identity/auth.decorators.js';
import { MatrixCredentials } from './matrix-appservice.connector.js';
import { Permission } from '../../src/access/permission.decorator.js';

/**
 * The application-service API (spec v1.12, "Application Service API") that the homeserver calls:
 * transactions of events, and the user and room-alias queries. Every call carries the hs_token as
 * `Authorization: Bearer`; answers and errors are Matrix-shaped ({errcode, error}), not Ieum's.
 */
@ApiExcludeController()
@Public()
@Controller('_matrix/app/v1')
export class AppServiceController {
  constructor(
    @Inject(MatrixCredentials) private readonly credentials: MatrixCredentials | null,
    @Inject(MATRIX_EVENT_SINK) private readonly sink: MatrixEventSink,
  ) {}

  /** Answered 200 only once every event is committed; a transaction id seen before is answered at once. */
  @Permission('signed-request')
  @Put('transactions/:txnId')
  async transaction(
    @Param('txnId') txnId: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!this.authorised(request, response)) return;
    const events = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(events) || !events.every(isEvent) || txnId.length === 0 || txnId.length > 255) {
      response.status(400).json({ errcode: 'M_BAD_JSON', error: 'a transaction is {"events": [ClientEvent, ...]}' });
      return;
    }
    try {
      await this.sink.receiveTransaction(txnId, events);
    } catch (error) {
      // The homeserver retries the same transaction until it is answered 200.
      response.status(500).json({
        errcode: 'M_UNKNOWN',
        error: `not committed, send it again: ${error instanceof Error ? error.message : 'error'}`,
      });
      return;
    }
    response.status(200).json({});
  }

  /** No user is made on demand: puppets are registered by the bridge itself, before they are used. */
  @Permission('signed-request')
  @Get('users/:userId')
  user(@Req() request: Request, @Res() response: Response): void {
    if (!this.authorised(request, response)) return;
    response.status(404).json({ errcode: 'M_NOT_FOUND', error: 'no such user here' });
  }

  /** Neither is a room made for an alias on demand: rooms are linked with /matrix link. */
  @Permission('signed-request')
  @Get('rooms/:alias')
  room(@Req() request: Request, @Res() response: Response): void {
    if (!this.authorised(request, response)) return;
    response.status(404).json({ errcode: 'M_NOT_FOUND', error: 'no such room here' });
  }

  /** The homeserver's check that the service is reachable (POST /_matrix/app/v1/ping). */
  @Permission('signed-request')
  @Post('ping')
  @HttpCode(200)
  ping(@Req() request: Request, @Res() response: Response): void {
    if (!this.authorised(request, response)) return;
    response.status(200).json({});
  }

  /** 401 M_UNAUTHORIZED without credentials, 403 M_FORBIDDEN with the wrong ones (or the bridge not set up). */
  private authorised(request: Request, response: Response): boolean {
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : null;
    if (!token) {
      response.status(401).json({ errcode: 'M_UNAUTHORIZED', error: 'no hs_token given (Authorization: Bearer)' });
      return false;
    }
    if (!this.credentials?.isHomeserverToken(token)) {
      response.status(403).json({ errcode: 'M_FORBIDDEN', error: 'the hs_token is not ours' });
      return false;
    }
    return true;
  }
}

function isEvent(value: unknown): value is MatrixEvent {
  if (!value || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.event_id === 'string' &&
    typeof e.room_id === 'string' &&
    typeof e.sender === 'string' &&
    typeof e.type === 'string' &&
    !!e.content &&
    typeof e.content === 'object'
  );
}
