import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MailIngressService } from './mail-ingress.service.js';
import type { MailAuthPolicy } from './room-mail-address.entity.js';

export class MailPolicyDto {
  @ApiProperty({ enum: ['accept', 'mark', 'reject'], description: 'Mail failing SPF/DKIM/DMARC: posted, posted with a warning, or not posted' })
  @IsIn(['accept', 'mark', 'reject'], { message: 'authPolicy must be accept, mark or reject' })
  authPolicy: MailAuthPolicy;
}

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms/:roomId/mail-address')
export class MailIngressController {
  constructor(private readonly ingress: MailIngressService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "The room's e-mail address: mail to it is posted in the room. Members read it; only owners make it on first request" })
  address(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<{ address: string }> {
    return this.ingress.address(principal, roomId);
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new address for the room; the old one is refused from now on (room owners)' })
  rotate(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string): Promise<{ address: string }> {
    return this.ingress.rotate(principal, roomId);
  }

  @Put('policy')
  @ApiOperation({ summary: 'What happens to mail failing sender authentication (room owners)' })
  policy(@CurrentPrincipal() principal: Principal, @Param('roomId', uuid) roomId: string, @Body() body: MailPolicyDto): Promise<{ address: string; authPolicy: MailAuthPolicy }> {
    return this.ingress.setAuthPolicy(principal, roomId, body.authPolicy);
  }
}
