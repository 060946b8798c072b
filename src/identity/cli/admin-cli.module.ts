import { Module, type DynamicModule } from '@nestjs/common';
import { AppModule } from '../../app.module.js';
import type { ResolvedAppConfig } from '../../config/app-config.js';
import { IdentityModule } from '../identity.module.js';
import { AgencyCommand, AgencyCreateCommand, AgencyListCommand } from './agency.command.js';
import { OrgCommand, OrgImportCommand } from './org.command.js';
import { UserCommand, UserCreateCommand, UserPasswordCommand } from './user.command.js';

/**
 * The admin CLI's root: the whole domain (so job handlers and the outbox are as in a running
 * server) with no role, so it neither listens nor consumes jobs.
 */
@Module({})
export class AdminCliModule {
  static forConfig(config: ResolvedAppConfig): DynamicModule {
    return {
      module: AdminCliModule,
      imports: [AppModule.forRoles({ ...config, roles: new Set() }), IdentityModule],
      providers: [AgencyCommand, AgencyCreateCommand, AgencyListCommand, UserCommand, UserCreateCommand, UserPasswordCommand, OrgCommand, OrgImportCommand],
    };
  }
}
