import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal } from './auth.decorators.js';
import { AdminException } from './admin.exception.js';
import { CreateUserByAdminDto, OrgChartImportQueryDto, SetRolesDto } from './admin-users.dto.js';
import {
  AdminUsersService,
  type AdminAgencyTree,
  type AdminAgencyUsers,
  type AdminUserView,
} from './admin-users.service.js';
import type { Principal } from './identity.types.js';
import type { OrgChartImportResult } from './org-chart-import.service.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import {
  AdminAgencyTreeSchema,
  AdminAgencyUsersSchema,
  AdminUserViewSchema,
  CreatedUserSchema,
  ImportOrgChartResponseSchema,
} from './identity.responses.js';
import { Permission } from '../access/permission.decorator.js';

/** Largest org-chart CSV taken in one request (a ministry's chart is far smaller). */
export const ORG_CHART_MAX_BYTES = 5 * 1024 * 1024;

const uuid = new ParseUUIDPipe();

/**
 * Administration of agencies and their people (agency administrators for their agency and the
 * agencies under it, system administrators for all). Under /admin-api so that the client's own
 * /admin/… pages never share a path with the API.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin-api')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @ApiOperation({
    summary:
      '관리하는 기관 트리와 활성 인원 수 / The agencies the caller administers, as a tree with their active people counted',
  })
  @ApiOkResponse({ type: AdminAgencyTreeSchema })
  @ApiErrors({ 401: SESSION_ERRORS, 403: ['ADMIN_ONLY'] })
  @Permission('agency-admin')
  @Get('agencies')
  tree(@CurrentPrincipal() principal: Principal): Promise<AdminAgencyTree> {
    return this.admin.tree(principal);
  }

  @ApiOperation({
    summary: "기관 구성원과 역할 목록(비활성 포함) / An agency's people with their roles, the disabled ones too",
  })
  @ApiOkResponse({ type: AdminAgencyUsersSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['ADMIN_ONLY', 'ADMIN_OUT_OF_SCOPE'],
    404: ['AGENCY_NOT_FOUND'],
  })
  @Permission('agency-admin')
  @Get('agencies/:agencyId/users')
  users(
    @CurrentPrincipal() principal: Principal,
    @Param('agencyId', uuid) agencyId: string,
  ): Promise<AdminAgencyUsers> {
    return this.admin.usersOf(principal, agencyId);
  }

  @ApiOperation({
    summary:
      '공무원 계정 만들기(첫 비밀번호는 이번 한 번만 표시) / Create a public servant of the agency; the answer holds their first password, shown this once',
  })
  @ApiCreatedResponse({ type: CreatedUserSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'USER_INVALID', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['ADMIN_ONLY', 'ADMIN_OUT_OF_SCOPE', 'ADMIN_SYSTEM_ROLE'],
    404: ['AGENCY_NOT_FOUND', 'USER_NOT_FOUND'],
    409: ['LOGIN_TAKEN'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('agency-admin')
  @Post('agencies/:agencyId/users')
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('agencyId', uuid) agencyId: string,
    @Body() body: CreateUserByAdminDto,
  ): Promise<{ user: AdminUserView; initialPassword: string }> {
    return this.admin.create(principal, agencyId, body);
  }

  @ApiOperation({
    summary:
      "역할 바꾸기(역할을 빼면 모든 세션 종료) / Replace a person's roles; taking one away signs them out everywhere",
  })
  @ApiOkResponse({ type: AdminUserViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'INVALID_JSON', 'JSON_TOO_DEEP', 'JSON_TOO_WIDE', 'USER_INVALID', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['ADMIN_ONLY', 'ADMIN_OUT_OF_SCOPE', 'ADMIN_SYSTEM_ROLE'],
    404: ['USER_NOT_FOUND'],
    409: ['ADMIN_SELF'],
    413: ['PAYLOAD_TOO_LARGE'],
  })
  @Permission('agency-admin')
  @Put('users/:userId/roles')
  roles(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', uuid) userId: string,
    @Body() body: SetRolesDto,
  ): Promise<AdminUserView> {
    return this.admin.setRoles(principal, userId, body.roles);
  }

  @ApiOperation({
    summary:
      '계정 비활성화(모든 세션과 소켓 즉시 종료) / Disable a person: no sign-in, every session and socket of theirs ends at once',
  })
  @ApiOkResponse({ type: AdminUserViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['ADMIN_ONLY', 'ADMIN_OUT_OF_SCOPE', 'ADMIN_SYSTEM_ROLE'],
    404: ['USER_NOT_FOUND'],
    409: ['ADMIN_SELF'],
  })
  @Permission('agency-admin')
  @Post('users/:userId/disable')
  @HttpCode(200)
  disable(@CurrentPrincipal() principal: Principal, @Param('userId', uuid) userId: string): Promise<AdminUserView> {
    return this.admin.disable(principal, userId);
  }

  @ApiOperation({ summary: '계정 다시 활성화 / Let a disabled person sign in again' })
  @ApiOkResponse({ type: AdminUserViewSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['ADMIN_ONLY', 'ADMIN_OUT_OF_SCOPE', 'ADMIN_SYSTEM_ROLE'],
    404: ['USER_NOT_FOUND'],
  })
  @Permission('agency-admin')
  @Post('users/:userId/enable')
  @HttpCode(200)
  enable(@CurrentPrincipal() principal: Principal, @Param('userId', uuid) userId: string): Promise<AdminUserView> {
    return this.admin.enable(principal, userId);
  }

  @ApiOperation({
    summary:
      '조직도 CSV 가져오기(전부 아니면 전무, ?dryRun=true는 미리보기) / Import an org-chart CSV (UTF-8 or EUC-KR body) all or nothing; problems come back by line in ORG_CHART_INVALID',
  })
  @ApiOkResponse({ type: ImportOrgChartResponseSchema })
  @ApiErrors({
    400: [
      'AGENCY_PARENT_INVALID',
      'CONTROL_CHARACTERS',
      'INVALID_JSON',
      'JSON_TOO_DEEP',
      'JSON_TOO_WIDE',
      'ORG_CHART_INVALID',
      'USER_INVALID',
      'VALIDATION_FAILED',
    ],
    401: SESSION_ERRORS,
    403: ['ADMIN_ONLY'],
    404: ['AGENCY_NOT_FOUND'],
    409: ['AGENCY_CODE_TAKEN', 'LOGIN_TAKEN'],
    413: ['ORG_CHART_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  @Permission('agency-admin')
  @Post('org-chart')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  async importOrgChart(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OrgChartImportQueryDto,
    @Req() request: Request,
  ): Promise<OrgChartImportResult & { dryRun: boolean }> {
    return this.admin.importOrgChart(
      principal,
      decodeCsv(await readBody(request, ORG_CHART_MAX_BYTES)),
      query.dryRun ?? false,
    );
  }
}

async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw AdminException.orgChartTooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw AdminException.orgChartTooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A spreadsheet saved as CSV in Korea is often EUC-KR (CP949) rather than UTF-8: read whichever it is. */
function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('euc-kr').decode(bytes);
  }
}
