import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './auth.decorators.js';
import { ChangePasswordDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { DirectoryService, type AgencyNode } from './directory.service.js';
import type { Principal } from './identity.types.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { AgencyNodeSchema, MeResponseSchema } from './identity.responses.js';
import { Permission } from '../access/permission.decorator.js';

export interface MeResponse {
  id: string;
  kind: string;
  login: string;
  displayName: string;
  email: string | null;
  position: string | null;
  roles: string[];
  locale: string;
  timeZone: string;
  agency: { id: string; code: string; name: string; kind: string } | null;
  department: { id: string; name: string } | null;
}

@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class MeController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly auth: AuthService,
  ) {}

  @ApiOperation({ summary: '내 정보 / The signed-in person, with agency, roles and settings' })
  @ApiOkResponse({ type: MeResponseSchema })
  @ApiErrors({ 401: SESSION_ERRORS, 404: ['USER_NOT_FOUND'] })
  @Permission('session')
  @Get('me')
  async me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    const user = await this.directory.profile(principal.userId);
    return {
      id: user.id,
      kind: user.kind,
      login: user.login,
      displayName: user.displayName,
      email: user.email,
      position: user.position,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.timeZone,
      agency: user.agency
        ? { id: user.agency.id, code: user.agency.code, name: user.agency.name, kind: user.agency.kind }
        : null,
      department: user.department ? { id: user.department.id, name: user.department.name } : null,
    };
  }

  /** A new password, given the current one: this session goes on, every other one ends at once. */
  @ApiOperation({
    summary:
      '비밀번호 바꾸기(이 세션만 유지, 다른 세션은 종료) / Change the password, given the current one: this session goes on, every other one ends',
  })
  @ApiNoContentResponse({ description: '내용 없음 / No content' })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'USER_INVALID', 'VALIDATION_FAILED'],
    401: [...SESSION_ERRORS, 'UNAUTHENTICATED'],
    403: ['CURRENT_PASSWORD_WRONG'],
    413: ['PAYLOAD_TOO_LARGE'],
    429: ['TOO_MANY_LOGIN_ATTEMPTS'],
  })
  @Permission('session')
  @Post('me/password')
  @HttpCode(204)
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Req() request: Request,
  ): Promise<void> {
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, request.ip ?? 'unknown');
  }

  /** The government's org tree is public knowledge to every public servant, not to guests. */
  @ApiOperation({ summary: '기관 트리 / The tree of agencies' })
  @ApiOkResponse({ type: AgencyNodeSchema, isArray: true })
  @ApiErrors({ 401: SESSION_ERRORS, 403: ['STAFF_ONLY'] })
  @Permission('session')
  @Get('agencies')
  async agencies(@CurrentPrincipal() principal: Principal): Promise<AgencyNode[]> {
    this.directory.assertStaff(principal);
    return this.directory.agencyTree();
  }
}
