import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { serialize as serializeCookie } from 'cookie';
import type { Response } from 'express';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH, QueueBoardAccess } from './queue-board-access.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin-api/queues')
export class QueueBoardController {
  constructor(private readonly access: QueueBoardAccess) {}

  /**
   * Sets the dashboard's pass as an httpOnly cookie scoped to /admin/queues; the client then
   * navigates to `location`. Only a system administrator gets one.
   */
  @Post('ticket')
  @HttpCode(200)
  @ApiOperation({ summary: 'A pass to the queue dashboard (system administrators), set as a cookie for /admin/queues' })
  async ticket(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<{ location: string; expiresIn: number }> {
    const pass = await this.access.issue(principal);
    response.append('Set-Cookie', serializeCookie(QUEUE_BOARD_COOKIE, pass, this.access.cookieOptions(this.access.ttlSeconds)));
    response.setHeader('Cache-Control', 'no-store');
    return { location: `${QUEUE_BOARD_PATH}/`, expiresIn: this.access.ttlSeconds };
  }
}
