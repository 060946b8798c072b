import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal } from './auth.decorators.js';
import { AdminException } from './admin.exception.js';
import { CreateUserByAdminDto, OrgChartImportQueryDto, SetRolesDto } from './admin-users.dto.js';
import { AdminUsersService, type AdminAgencyTree, type AdminAgencyUsers, type AdminUserView } from './admin-users.service.js';
import type { Principal } from './identity.types.js';
import type { OrgChartImportResult } from './org-chart-import.service.js';

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

  @Get('agencies')
  @ApiOperation({ summary: 'The agencies the caller administers, as a tree with their active people counted' })
  tree(@CurrentPrincipal() principal: Principal): Promise<AdminAgencyTree> {
    return this.admin.tree(principal);
  }

  @Get('agencies/:agencyId/users')
  @ApiOperation({ summary: "An agency's people with their roles, the disabled ones too" })
  users(@CurrentPrincipal() principal: Principal, @Param('agencyId', uuid) agencyId: string): Promise<AdminAgencyUsers> {
    return this.admin.usersOf(principal, agencyId);
  }

  @Post('agencies/:agencyId/users')
  @ApiOperation({ summary: 'A new public servant of the agency; the answer holds their first password, shown this once' })
  create(@CurrentPrincipal() principal: Principal, @Param('agencyId', uuid) agencyId: string, @Body() body: CreateUserByAdminDto): Promise<{ user: AdminUserView; initialPassword: string }> {
    return this.admin.create(principal, agencyId, body);
  }

  @Put('users/:userId/roles')
  @ApiOperation({ summary: "Replaces a person's roles; taking one away signs them out everywhere" })
  roles(@CurrentPrincipal() principal: Principal, @Param('userId', uuid) userId: string, @Body() body: SetRolesDto): Promise<AdminUserView> {
    return this.admin.setRoles(principal, userId, body.roles);
  }

  @Post('users/:userId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disables a person: no sign-in, every session and socket of theirs ends at once' })
  disable(@CurrentPrincipal() principal: Principal, @Param('userId', uuid) userId: string): Promise<AdminUserView> {
    return this.admin.disable(principal, userId);
  }

  @Post('users/:userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lets a disabled person sign in again' })
  enable(@CurrentPrincipal() principal: Principal, @Param('userId', uuid) userId: string): Promise<AdminUserView> {
    return this.admin.enable(principal, userId);
  }

  @Post('org-chart')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'Imports an org-chart CSV (the body, UTF-8 or EUC-KR) all or nothing; problems come back by line number in ORG_CHART_INVALID' })
  async importOrgChart(@CurrentPrincipal() principal: Principal, @Query() query: OrgChartImportQueryDto, @Req() request: Request): Promise<OrgChartImportResult & { dryRun: boolean }> {
    return this.admin.importOrgChart(principal, decodeCsv(await readBody(request, ORG_CHART_MAX_BYTES)), query.dryRun ?? false);
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
