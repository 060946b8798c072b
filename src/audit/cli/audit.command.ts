import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { invalidInput } from '../../identity/cli/cli-output.js';
import { AccessRecordRepository } from '../access-record.repository.js';
import { AccessReportRepository } from '../access-report.repository.js';

@SubCommand({ name: 'verify', description: 'walk the access records hash chain; exit 1 naming the first broken row' })
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly records: AccessRecordRepository) {
    super();
  }

  async run(): Promise<void> {
    const verdict = await this.records.verify();
    if (verdict.ok) {
      process.stdout.write(`OK: ${verdict.count} access records, chain intact through row ${verdict.lastSeq}\n`);
      return;
    }
    process.stdout.write(`BROKEN at row ${verdict.seq}: ${verdict.problem}\n`);
    process.exitCode = 1;
  }
}

interface ReportOptions {
  agency: string;
  month: string;
  threshold?: number;
}

@SubCommand({ name: 'report', description: "an agency's monthly access review for its privacy officer" })
export class AuditReportCommand extends CommandRunner {
  constructor(private readonly reports: AccessReportRepository) {
    super();
  }

  async run(_params: string[], options: ReportOptions): Promise<void> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw invalidInput('--month', 'YYYY-MM');
    const agency = await this.reports.findAgency(options.agency);
    if (!agency) throw invalidInput('--agency', 'no agency with this id or code');
    const threshold = options.threshold ?? 200;
    const report = await this.reports.monthly(agency, options.month, threshold);
    const out: string[] = [
      `접속기록 점검 / Access review: ${agency.name} (${agency.code}), ${options.month}`,
      `total ${report.total}`,
      '',
    ];
    out.push('account\tname\taction\tcount\toff-hours (21:00-07:00 KST)');
    for (const l of report.lines)
      out.push(`${l.login ?? '(citizen or operator)'}\t${l.displayName ?? ''}\t${l.action}\t${l.count}\t${l.offHours}`);
    out.push('');
    if (report.flagged.length === 0) out.push(`no one read more than ${threshold} records`);
    for (const f of report.flagged)
      out.push(`FLAGGED ${f.login ?? f.accountId ?? '(none)'}: ${f.reads} reads (more than ${threshold})`);
    process.stdout.write(`${out.join('\n')}\n`);
  }

  @Option({ flags: '--agency <id>', description: 'agency id or code', required: true })
  agency(value: string): string {
    return value;
  }

  @Option({ flags: '--month <YYYY-MM>', description: 'month in Korean time', required: true })
  month(value: string): string {
    return value;
  }

  @Option({ flags: '--threshold <n>', description: 'flag a person with more reads than this (default 200)' })
  threshold(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw invalidInput('--threshold', 'a whole number');
    return n;
  }
}

@SubCommand({
  name: 'prune',
  description: 'delete access records past their retention (2 years; role records 3 years)',
})
export class AuditPruneCommand extends CommandRunner {
  constructor(private readonly records: AccessRecordRepository) {
    super();
  }

  async run(): Promise<void> {
    process.stdout.write(`deleted ${await this.records.prune()} access records past their retention\n`);
  }
}

@Command({
  name: 'audit',
  description: 'access records (접속기록): verify, report, prune',
  subCommands: [AuditVerifyCommand, AuditReportCommand, AuditPruneCommand],
})
export class AuditCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}
