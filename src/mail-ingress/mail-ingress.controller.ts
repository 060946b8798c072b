import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MailIngressService } from './mail-ingress.service.js';
import type { MailAuthPolicy } from './room-mail-address.entity.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { AddressResponseSchema, PolicyResponseSchema, RotateResponseSchema } from './mail-ingress.responses.js';
import { Permission } from '../access/permission.decorator.js';

export class MailPolicyDto {
  @ApiProperty({
    enum: ['accept', 'mark', 'reject'],
    description: 'Mail failing SPF/DKIM/DMARC: posted, posted with a warning, or not posted',
  })
  @IsIn(['accept', 'mark', 'reject'], { message: 'authPolicy must be accept, mark or reject' })
  authPolicy: MailAuthPolicy;
}

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('rooms/:roomId/mail-address')
export class MailIngressController {
  constructor(private readonly ingress: MailIngressService) {}

  @ApiOperation({
    summary:
      "대화방 메일 주소 / The room's e-mail address: mail to it is posted in the room (owners create it on first request)",
  })
  @ApiOkResponse({ type: AddressResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
  })
  @Permission('room.read')
  @Post()
  @HttpCode(200)
  address(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
  ): Promise<{ address: string }> {
    return this.ingress.address(principal, roomId);
  }

  @ApiOperation({
    summary: '대화방 메일 주소 바꾸기 / A new address for the room; the old one is refused from now on (owners)',
  })
  @ApiOkResponse({ type: RotateResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
  })
  @Permission('room.manage')
  @Post('rotate')
  @HttpCode(200)
  rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
  ): Promise<{ address: string }> {
    return this.ingress.rotate(principal, roomId);
  }

  @ApiOperation({
    summary: '발신자 인증 실패 메일 처리 방침 / What happens to mail failing sender authentication (owners)',
  })
  @ApiOkResponse({ type: PolicyResponseSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['NOT_ROOM_OWNER'],
    404: ['ROOM_NOT_FOUND'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('room.manage')
  @Put('policy')
  policy(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', uuid) roomId: string,
    @Body() body: MailPolicyDto,
  ): Promise<{ address: string; authPolicy: MailAuthPolicy }> {
    return this.ingress.setAuthPolicy(principal, roomId, body.authPolicy);
  }
}
