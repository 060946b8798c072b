import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { serialize as serializeCookie } from 'cookie';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH, QueueBoardAccess } from './queue-board-access.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { QueueBoardTicketSchema } from './queue-board.responses.js';
import { Permission } from '../access/permission.decorator.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin-api/queues')
export class QueueBoardController {
  constructor(private readonly access: QueueBoardAccess) {}

  /**
   * Sets the dashboard's pass as an httpOnly cookie scoped to /admin/queues; the client then
   * navigates to `location`. Only a system administrator gets one.
   */
  @Permission('system-admin')
  @Post('ticket')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '작업 대기열 화면 입장권(/admin/queues 쿠키, 시스템 관리자) / A pass to the queue dashboard (system administrators), set as a cookie for /admin/queues',
  })
  @ApiOkResponse({ type: QueueBoardTicketSchema })
  @ApiErrors({ 401: SESSION_ERRORS, 403: ['QUEUE_BOARD_SYSTEM_ADMINS_ONLY'] })
  async ticket(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ location: string; expiresIn: number }> {
    const pass = await this.access.issue(principal);
    response.append(
      'Set-Cookie',
      serializeCookie(QUEUE_BOARD_COOKIE, pass, this.access.cookieOptions(this.access.ttlSeconds)),
    );
    response.setHeader('Cache-Control', 'no-store');
    return { location: `${QUEUE_BOARD_PATH}/`, expiresIn: this.access.ttlSeconds };
  }
}
