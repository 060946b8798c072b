import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { invalidInput } from '../../identity/cli/cli-output.js';
import { MeetingStatsService, reportCsv, reportTable } from '../meeting-stats.service.js';

interface MeetingsOptions {
  year: string;
  csv?: boolean;
}

@SubCommand({ name: 'meetings', description: 'meetings held per month in a year, as the usage table' })
export class StatsMeetingsCommand extends CommandRunner {
  constructor(private readonly stats: MeetingStatsService) {
    super();
  }

  async run(_params: string[], options: MeetingsOptions): Promise<void> {
    const year = Number(options.year);
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw invalidInput('--year', 'must be a year such as 2014');
    const report = await this.stats.report(year);
    process.stdout.write(options.csv ? reportCsv(report) : reportTable(report));
  }

  @Option({ flags: '--year <year>', description: 'the calendar year (Asia/Seoul)', required: true })
  year(value: string): string {
    return value;
  }

  @Option({ flags: '--csv', description: 'print CSV instead of the table' })
  csv(): boolean {
    return true;
  }
}

@Command({ name: 'stats', description: 'usage statistics', subCommands: [StatsMeetingsCommand] })
export class StatsCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}
