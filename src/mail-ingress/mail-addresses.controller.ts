import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MailIngressService, type RoomMailAddressView } from './mail-ingress.service.js';

@ApiTags('rooms')
@ApiBearerAuth()
@Controller('mail-addresses')
export class MailAddressesController {
  constructor(private readonly ingress: MailIngressService) {}

  @Get()
  @ApiOperation({ summary: 'The rooms you may give an e-mail address (rooms you own; your agency room when you administer it), with their addresses' })
  list(@CurrentPrincipal() principal: Principal): Promise<RoomMailAddressView[]> {
    return this.ingress.managedAddresses(principal);
  }
}
