import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MailIngressService } from './mail-ingress.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms/:roomId/mail-address')
export class MailIngressController {
  constructor(private readonly ingress: MailIngressService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "The room's e-mail address (made on first request): mail to it is posted in the room" })
  address(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<{ address: string }> {
    return this.ingress.address(principal, roomId);
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new address for the room; the old one is refused from now on' })
  rotate(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<{ address: string }> {
    return this.ingress.rotate(principal, roomId);
  }
}
