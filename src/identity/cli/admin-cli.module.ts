import { Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { InjectCommander, type CommandRunner } from 'nest-commander';
import { AppModule } from '../../app.module.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { IdentityModule } from '../identity.module.js';
import { StatsCommand, StatsMeetingsCommand } from '../../stats/cli/stats.command.js';
import { StatsModule } from '../../stats/stats.module.js';
import { AgencyCommand, AgencyCreateCommand, AgencyListCommand } from './agency.command.js';
import { OrgCommand, OrgImportCommand } from './org.command.js';
import { UserCommand, UserCreateCommand, UserDisableCommand, UserPasswordCommand } from './user.command.js';
import { MatrixCommand, MatrixRegistrationCommand } from '../../matrix/cli/matrix.command.js';
import {
  AuditCommand,
  AuditPruneCommand,
  AuditReportCommand,
  AuditVerifyCommand,
} from '../../audit/cli/audit.command.js';
import { AuditModule } from '../../audit/audit.module.js';
import { ExportCommand, ExportVerifyCommand } from '../../records-export/cli/export.command.js';
import { RecordsExportModule } from '../../records-export/records-export.module.js';

// commander is nest-commander's dependency, not ours: its type is reached through nest-commander.
type Program = Parameters<CommandRunner['setCommand']>[0];

/** Names the program as users invoke it, so usage lines read `npm run admin -- agency create ...`. */
@Injectable()
class AdminProgramName implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly program: Program) {}

  onApplicationBootstrap(): void {
    this.program
      .name('npm run admin --')
      .description('Ieum administration: agencies, users, org charts, access records, records export');
  }
}

const COMMANDS = [
  AgencyCommand,
  AgencyCreateCommand,
  AgencyListCommand,
  UserCommand,
  UserCreateCommand,
  UserPasswordCommand,
  UserDisableCommand,
  OrgCommand,
  OrgImportCommand,
  StatsCommand,
  StatsMeetingsCommand,
  MatrixCommand,
  MatrixRegistrationCommand,
  AuditCommand,
  AuditVerifyCommand,
  AuditReportCommand,
  AuditPruneCommand,
  ExportCommand,
  ExportVerifyCommand,
];

/** The groups of commands; one named alone prints its commands. */
export const ADMIN_COMMAND_GROUPS: readonly string[] = ['agency', 'user', 'org', 'stats', 'matrix', 'audit'];

/**
 * The admin CLI's root: the whole domain with no role, so it neither listens nor consumes jobs.
 * Not just IdentityModule: DirectoryService publishes through the bus, and the bus refuses to
 * boot unless every job has its handler, which only the full set of domain modules provides.
 */
@Module({})
export class AdminCliModule {
  static forConfig(config: ResolvedAppConfig): DynamicModule {
    return {
      module: AdminCliModule,
      imports: [
        AppModule.forRoles({ ...config, roles: new Set() }),
        IdentityModule,
        StatsModule,
        AuditModule,
        RecordsExportModule,
      ],
      providers: [AdminProgramName, ...COMMANDS],
    };
  }

  /**
   * The same commands for printing usage, with no database, Redis or app behind them: what each
   * command is constructed with is an empty stand-in, never called, since usage runs no command.
   */
  static forHelp(): DynamicModule {
    const needs = new Set<unknown>(
      COMMANDS.flatMap((command) => (Reflect.getMetadata('design:paramtypes', command) ?? []) as unknown[]),
    );
    return {
      module: AdminCliModule,
      providers: [
        AdminProgramName,
        ...COMMANDS,
        ...[...needs].map((token) => ({ provide: token as Type, useValue: {} })),
        { provide: APP_CONFIG, useValue: {} },
      ],
    };
  }
}
