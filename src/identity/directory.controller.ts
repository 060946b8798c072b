import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './auth.decorators.js';
import { DirectorySearchService, type DepartmentSummary, type DirectoryPage } from './directory-search.service.js';
import { DirectoryQueryDto } from './directory.dto.js';
import type { Principal } from './identity.types.js';
import { ApiErrors, SESSION_ERRORS } from '../common/api-errors.js';
import { DepartmentSummarySchema, DirectoryPageSchema } from './identity.responses.js';
import { Permission } from '../access/permission.decorator.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directory: DirectorySearchService) {}

  /** Public servants by name or sign-in name, agency and department, in name order, cursor paged. */
  @ApiOperation({ summary: '직원 검색(이름·기관·부서) / Search people by name, agency and department' })
  @ApiOkResponse({ type: DirectoryPageSchema })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['STAFF_ONLY'],
    404: ['AGENCY_NOT_FOUND', 'DEPARTMENT_NOT_FOUND'],
  })
  @Permission('session')
  @Get('users')
  people(@CurrentPrincipal() principal: Principal, @Query() query: DirectoryQueryDto): Promise<DirectoryPage> {
    return this.directory.people(principal, query);
  }

  @ApiOperation({ summary: '기관의 부서 목록 / The departments of an agency' })
  @ApiOkResponse({ type: DepartmentSummarySchema, isArray: true })
  @ApiErrors({
    400: ['CONTROL_CHARACTERS', 'VALIDATION_FAILED'],
    401: SESSION_ERRORS,
    403: ['STAFF_ONLY'],
    404: ['AGENCY_NOT_FOUND'],
  })
  @Permission('session')
  @Get('agencies/:agencyId/departments')
  departments(
    @CurrentPrincipal() principal: Principal,
    @Param('agencyId', new ParseUUIDPipe({ version: undefined })) agencyId: string,
  ): Promise<DepartmentSummary[]> {
    return this.directory.departments(principal, agencyId);
  }
}
