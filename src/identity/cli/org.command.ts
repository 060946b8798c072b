import { SingleBar, Presets } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { OrgChartImportService } from '../org-chart-import.service.js';
import { invalidInput } from './cli-output.js';

@SubCommand({ name: 'import', arguments: '<file>', description: 'import an org chart CSV, all or nothing' })
export class OrgImportCommand extends CommandRunner {
  constructor(private readonly importer: OrgChartImportService) {
    super();
  }

  async run([file = '']: string[], options: { dryRun?: boolean }): Promise<void> {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw invalidInput(file, `cannot be read (${error.code ?? error.message})`);
    });
    let bar: SingleBar | undefined;
    const result = await this.importer
      .import(text, {
        dryRun: options.dryRun ?? false,
        onProgress: (done, total) => {
          if (!bar) {
            bar = new SingleBar({ stream: process.stderr, format: 'importing [{bar}] {value}/{total}' }, Presets.shades_classic);
            bar.start(total, 0);
          }
          bar.update(done);
        },
      })
      .finally(() => bar?.stop());
    if (result.problems.length > 0) {
      for (const problem of result.problems) process.stderr.write(`line ${problem.line}: ${problem.problems.join('; ')}\n`);
      process.stderr.write(`nothing imported: ${result.problems.length} bad row(s)\n`);
      process.exitCode = 1;
      return;
    }
    const verb = options.dryRun ? 'would import' : 'imported';
    process.stdout.write(`${verb} ${result.agenciesCreated} agencies, ${result.departmentsSeen} departments, ${result.usersCreated} users\n`);
  }

  @Option({ flags: '--dry-run', description: 'check the file without importing' })
  dryRun(): boolean {
    return true;
  }
}

@Command({ name: 'org', description: 'org chart: import', subCommands: [OrgImportCommand] })
export class OrgCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}
