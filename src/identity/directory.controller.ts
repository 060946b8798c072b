import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from './auth.decorators.js';
import { DirectorySearchService, type DepartmentSummary, type DirectoryPage } from './directory-search.service.js';
import { DirectoryQueryDto } from './directory.dto.js';
import type { Principal } from './identity.types.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('directory')
export class DirectoryController {
  constructor(private readonly directory: DirectorySearchService) {}

  /** Public servants by name or sign-in name, agency and department, in name order, cursor paged. */
  @Get('users')
  people(@CurrentPrincipal() principal: Principal, @Query() query: DirectoryQueryDto): Promise<DirectoryPage> {
    return this.directory.people(principal, query);
  }

  @Get('agencies/:agencyId/departments')
  departments(@CurrentPrincipal() principal: Principal, @Param('agencyId', new ParseUUIDPipe({ version: undefined })) agencyId: string): Promise<DepartmentSummary[]> {
    return this.directory.departments(principal, agencyId);
  }
}
