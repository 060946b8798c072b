import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MailIngressService, type RoomMailAddressView } from './mail-ingress.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { RoomMailAddressViewSchema } from './mail-ingress.responses.js';
import { Permission } from '../access/permission.decorator.js';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('mail-addresses')
export class MailAddressesController {
  constructor(private readonly ingress: MailIngressService) {}

  @ApiOperation({
    summary: '메일 주소를 줄 수 있는 대화방 / The rooms you may give an e-mail address, with their addresses',
  })
  @ApiOkResponse({ type: RoomMailAddressViewSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS })
  @Permission('room.read')
  @Get()
  list(@CurrentPrincipal() principal: Principal): Promise<RoomMailAddressView[]> {
    return this.ingress.managedAddresses(principal);
  }
}
