import { SingleBar, Presets } from 'cli-progress';
import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AdminException } from '../admin.exception.js';
import { OrgChartImportService, type OrgChartField, type OrgChartImportResult } from '../org-chart-import.service.js';
import { invalidInput } from './cli-output.js';

const FIELD_NAMES: Record<OrgChartField, string> = {
  displayName: '이름 name',
  email: '전자우편 email',
  position: '직위 position',
  agency: '기관 agency',
  department: '부서 department',
  roles: '권한 roles',
};

/** The report of an import (or of a dry run: what it would do), Korean first, with its code, as the API speaks. */
export function importReport(result: OrgChartImportResult, dryRun: boolean): string {
  const lines = dryRun
    ? [
        'ORG_CHART_CHECKED: 조직도에 문제가 없습니다. 가져오면 아래와 같이 바뀝니다(아무것도 저장하지 않았습니다). / The org chart has no problems; importing it would do the following (nothing was written).',
      ]
    : ['ORG_CHART_IMPORTED: 조직도를 가져왔습니다. / The org chart was imported.'];
  lines.push(
    `  기관 ${result.agenciesCreated}곳 생성, 부서 ${result.departmentsSeen}개 / agencies: ${result.agenciesCreated} created; departments: ${result.departmentsSeen} in the file`,
    `  사용자: 생성 ${result.usersCreated}명, 변경 ${result.usersUpdated}명, 그대로 ${result.usersUnchanged}명, 사용 중지 ${result.usersDisabled}명 / users: ${result.usersCreated} created, ${result.usersUpdated} updated, ${result.usersUnchanged} unchanged, ${result.usersDisabled} disabled`,
  );
  for (const change of result.changes) {
    const where = change.line === null ? '파일에 없음 not in the file' : `line ${change.line}`;
    const fields = change.fields.map((f) => `${FIELD_NAMES[f.field]}: ${f.from ?? '-'} → ${f.to ?? '-'}`).join('; ');
    lines.push(`  ${change.outcome.padEnd(8)} ${change.login} (${where})${fields ? `: ${fields}` : ''}`);
  }
  if (result.usersLeftDisabled.length > 0) {
    lines.push(
      `  파일에 있지만 사용 중지된 사람(가져오기는 다시 사용하게 하지 않습니다) / in the file but disabled (an import does not enable anyone again): ${result.usersLeftDisabled.join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description: 'import an org chart CSV as a sync, all or nothing: creates the new, updates the changed',
})
export class OrgImportCommand extends CommandRunner {
  constructor(private readonly importer: OrgChartImportService) {
    super();
  }

  async run([file = '']: string[], options: { dryRun?: boolean; sync?: boolean }): Promise<void> {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw invalidInput(file, `cannot be read (${error.code ?? error.message})`);
    });
    let bar: SingleBar | undefined;
    const dryRun = options.dryRun ?? false;
    const result = await this.importer
      .import(text, {
        dryRun,
        sync: options.sync ?? false,
        onProgress: (done, total) => {
          if (!bar) {
            bar = new SingleBar(
              { stream: process.stderr, format: 'importing [{bar}] {value}/{total}' },
              Presets.shades_classic,
            );
            bar.start(total, 0);
          }
          bar.update(done);
        },
      })
      .finally(() => bar?.stop());
    if (result.problems.length > 0) {
      const refused = AdminException.orgChartInvalid(result.problems);
      process.stderr.write(`error ${refused.code}: ${refused.text.ko} / ${refused.text.en}\n`);
      for (const problem of result.problems)
        process.stderr.write(`line ${problem.line}: ${problem.problems.join('; ')}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(importReport(result, dryRun));
  }

  @Option({ flags: '--dry-run', description: 'check the file and print what an import would do, writing nothing' })
  dryRun(): boolean {
    return true;
  }

  @Option({
    flags: '--sync',
    description: "also disable the active people of the file's agencies whom the file leaves out (their sessions end)",
  })
  sync(): boolean {
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
