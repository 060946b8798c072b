import { SingleBar, Presets } from 'cli-progress';
import { DateTime } from 'luxon';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AccessReportRepository } from '../../audit/access-report.repository.js';
import { invalidInput } from '../../identity/cli/cli-output.js';
import { verifyArchive } from '../manifest.js';
import { RecordsExportService, type ExportProgress } from '../records-export.service.js';

interface ExportOptions {
  agency?: string;
  from?: string;
  to?: string;
  out?: string;
  inlineLimit?: number;
}

function day(flag: string, value: string | undefined): string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid)
    throw invalidInput(flag, 'a day as YYYY-MM-DD');
  return value;
}

/** A bar on stderr when a person watches; nothing in a pipe or a log. */
function progressBar(): ExportProgress | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar(
    { format: '{bar} {percentage}% | {value}/{total} | {dataset}', stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  let done = 0;
  return {
    start: (total) => bar.start(total, 0, { dataset: '' }),
    advance: (dataset, rows) => bar.update((done += rows), { dataset }),
    stop: () => bar.stop(),
  };
}

@SubCommand({
  name: 'verify',
  arguments: '<archive>',
  description: "check an export archive's checksums and counts against its manifest",
})
export class ExportVerifyCommand extends CommandRunner {
  async run([archive]: string[]): Promise<void> {
    const verdict = await verifyArchive(archive ?? '');
    if (verdict.ok) {
      const records = verdict.manifest.files.reduce((sum, f) => sum + (f.records ?? 0), 0);
      process.stdout.write(
        `OK: ${verdict.manifest.agency.code} ${verdict.manifest.from}..${verdict.manifest.to}, ${verdict.manifest.files.length} files, ${records} records\n`,
      );
      return;
    }
    for (const problem of verdict.problems) process.stdout.write(`FAILED ${problem}\n`);
    process.exitCode = 1;
  }
}

@Command({
  name: 'export',
  description:
    "write an agency's records (one archive: JSON Lines, files, manifest); `export verify <archive>` checks one",
  subCommands: [ExportVerifyCommand],
})
export class ExportCommand extends CommandRunner {
  constructor(
    private readonly exports: RecordsExportService,
    private readonly agencies: AccessReportRepository,
  ) {
    super();
  }

  async run(_params: string[], options: ExportOptions): Promise<void> {
    if (!options.agency) throw invalidInput('--agency', 'required: an agency id or code');
    const from = day('--from', options.from);
    const to = day('--to', options.to);
    if (to < from) throw invalidInput('--to', 'on or after --from');
    const agency = await this.agencies.findAgency(options.agency);
    if (!agency) throw invalidInput('--agency', 'no agency with this id or code');
    const { archive, manifest } = await this.exports.export(
      { agency, from, to, outDir: options.out ?? '.', inlineLimit: options.inlineLimit },
      progressBar(),
    );
    const counts = manifest.files
      .filter((f) => f.records !== undefined)
      .map((f) => `${f.path.replace(/^data\/|\.jsonl$/g, '')} ${f.records}`);
    process.stdout.write(`${archive}\n${counts.join(', ')}\n`);
  }

  @Option({ flags: '--agency <id>', description: 'agency id or code' })
  agency(value: string): string {
    return value;
  }

  @Option({ flags: '--from <YYYY-MM-DD>', description: 'first day (Korean time)' })
  from(value: string): string {
    return value;
  }

  @Option({ flags: '--to <YYYY-MM-DD>', description: 'last day, included' })
  to(value: string): string {
    return value;
  }

  @Option({ flags: '--out <dir>', description: 'folder for the archive (default: the current one)' })
  out(value: string): string {
    return value;
  }

  @Option({
    flags: '--inline-limit <bytes>',
    description: 'files up to this size go into the archive, larger ones by checksum only (default 20 MiB)',
  })
  inlineLimit(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw invalidInput('--inline-limit', 'a whole number of bytes');
    return n;
  }
}
