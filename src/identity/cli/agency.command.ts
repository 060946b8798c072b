import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AGENCY_KINDS, type AgencyKind } from '../identity.types.js';
import { DirectoryService, type AgencyNode } from '../directory.service.js';
import { invalidInput } from './cli-output.js';

function isAgencyKind(value: string): value is AgencyKind {
  return (AGENCY_KINDS as readonly string[]).includes(value);
}

interface CreateOptions {
  code: string;
  name: string;
  kind: string;
  parent?: string;
  nameEn?: string;
}

@SubCommand({ name: 'create', description: 'create an agency' })
export class AgencyCreateCommand extends CommandRunner {
  constructor(private readonly directory: DirectoryService) {
    super();
  }

  async run(_params: string[], options: CreateOptions): Promise<void> {
    if (!isAgencyKind(options.kind)) throw invalidInput('--kind', `must be one of ${AGENCY_KINDS.join(', ')}`);
    const agency = await this.directory.createAgency({
      code: options.code,
      name: options.name,
      nameEn: options.nameEn ?? null,
      kind: options.kind,
      parentCode: options.parent ?? null,
    });
    process.stdout.write(`created agency ${agency.code} ${agency.name} (${agency.kind})\n`);
  }

  @Option({ flags: '--code <code>', description: 'agency code (행정기관코드)', required: true })
  code(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'name', required: true })
  name(value: string): string {
    return value;
  }

  @Option({ flags: '--name-en <name>', description: 'English name' })
  nameEn(value: string): string {
    return value;
  }

  @Option({ flags: '--kind <kind>', description: `one of ${AGENCY_KINDS.join(', ')}`, required: true })
  kind(value: string): string {
    return value;
  }

  @Option({ flags: '--parent <code>', description: 'code of the parent agency' })
  parent(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'print the agency tree' })
export class AgencyListCommand extends CommandRunner {
  constructor(private readonly directory: DirectoryService) {
    super();
  }

  async run(): Promise<void> {
    const print = (nodes: AgencyNode[], depth: number) => {
      for (const node of nodes) {
        process.stdout.write(`${'  '.repeat(depth)}${node.code}  ${node.name}  (${node.kind})\n`);
        print(node.children, depth + 1);
      }
    };
    print(await this.directory.agencyTree(), 0);
  }
}

@Command({
  name: 'agency',
  description: 'agencies: create, list',
  subCommands: [AgencyCreateCommand, AgencyListCommand],
})
export class AgencyCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}
