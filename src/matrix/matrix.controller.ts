import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../access/permission.decorator.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { Principal } from '../identity/identity.types.js';
import { MatrixBridgeService } from './matrix-bridge.service.js';
import { MatrixRoomStateSchema } from './matrix.responses.js';
import type { MatrixLinkStatus } from './matrix.types.js';

/** What `/matrix status` says, for the web client's room panel. Read-only: linking stays with `/matrix link|unlink`. */
@ApiTags('matrix')
@ApiBearerAuth()
@Controller('rooms/:roomId/matrix')
export class MatrixController {
  constructor(private readonly bridge: MatrixBridgeService) {}

  @Get()
  @Permission('room.read')
  @ApiOperation({
    summary:
      '대화방의 Matrix 연결 상태(대화방 구성원) / Whether and how the room is bridged to Matrix (room members); change it with /matrix link|unlink',
  })
  @ApiOkResponse({ type: MatrixRoomStateSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'], 401: SESSION_ERRORS, 404: ['ROOM_NOT_FOUND'] })
  async state(
    @CurrentPrincipal() principal: Principal,
    @Param('roomId', new ParseUUIDPipe({ version: undefined })) roomId: string,
  ): Promise<{ available: boolean; link: MatrixLinkStatus | null }> {
    const link = await this.bridge.status(principal, roomId);
    return { available: this.bridge.available, link };
  }
}
