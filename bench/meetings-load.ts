import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { AccessTokenService } from '../src/identity/access-token.service.js';
import { DirectoryService } from '../src/identity/directory.service.js';
import { AgencyKind } from '../src/identity/identity.types.js';
import { benchEnvironment } from './bench-environment.js';

/**
 * The 2014 usage load: 27,634 held meetings spread over the months as the press release's table
 * says, imported through POST /meetings/records in batches of 5,000, then the monthly report read
 * back. The baseline is the same rows written by raw multi-row INSERTs into a bare table.
 */
const HELD_2014 = [926, 899, 1318, 1115, 1886, 1591, 1969, 1578, 2073, 2934, 5729, 5616];
const BATCH = 5000;

async function main(): Promise<void> {
  const env = await benchEnvironment(new Set(['api']), 10);
  const { config } = env;
  try {
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
    const directory = app.get(DirectoryService);
    await directory.createAgency({ code: '1741000', name: '행정안전부', kind: AgencyKind.CentralMinistry });
    const user = await directory.createUser({
      login: 'bench.admin',
      displayName: '관리자',
      agencyCode: '1741000',
      roles: ['member', 'system_admin'],
    });
    const token = (await app.get(AccessTokenService).issue(user)).token;
    const records = HELD_2014.flatMap((count, m) => {
      const first = DateTime.fromObject({ year: 2014, month: m + 1, day: 1 }, { zone: 'Asia/Seoul' });
      const span = first.plus({ months: 1 }).toMillis() - first.toMillis() - 3_600_000;
      return Array.from({ length: count }, (_, i) => {
        const start = first.toMillis() + Math.floor((i / count) * span);
        return {
          externalId: `2014-${m + 1}-${i}`,
          title: `영상회의 ${i}`,
          kind: 'meeting',
          agencyCode: '1741000',
          startedAt: new Date(start).toISOString(),
          endedAt: new Date(start + 45 * 60_000).toISOString(),
          participants: 4,
        };
      });
    });

    const t0 = performance.now();
    for (let i = 0; i < records.length; i += BATCH) {
      const res = await fetch(`http://127.0.0.1:${port}/meetings/records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records: records.slice(i, i + BATCH) }),
      });
      if (res.status !== 200) throw new Error(`import answered ${res.status}: ${await res.text()}`);
    }
    const importMs = performance.now() - t0;
    const t1 = performance.now();
    const report = (await (
      await fetch(`http://127.0.0.1:${port}/stats/meetings?year=2014`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { months: Array<{ meetings: number }> };
    const reportMs = performance.now() - t1;
    const matches = report.months.map((m) => m.meetings).join(',') === HELD_2014.join(',');
    await app.close();

    const pool = new pg.Pool({ connectionString: config.database.url, max: 2 });
    await pool.query(
      'CREATE TABLE bench_raw_meetings (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), title text, started_at timestamptz, ended_at timestamptz, participants int)',
    );
    const t2 = performance.now();
    for (let i = 0; i < records.length; i += BATCH) {
      const chunk = records.slice(i, i + BATCH);
      await pool.query(
        'INSERT INTO bench_raw_meetings (title, started_at, ended_at, participants) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::int[])',
        [
          chunk.map((r) => r.title),
          chunk.map((r) => r.startedAt),
          chunk.map((r) => r.endedAt),
          chunk.map((r) => r.participants),
        ],
      );
    }
    const rawMs = performance.now() - t2;
    await pool.end();
    process.stdout.write(
      [
        `2014 load: ${records.length} held meetings in batches of ${BATCH}`,
        `  ieum through POST /meetings/records   ${importMs.toFixed(0)} ms   (${((records.length / importMs) * 1000).toFixed(0)} meetings/s)`,
        `  raw multi-row INSERT baseline        ${rawMs.toFixed(0)} ms   (${((records.length / rawMs) * 1000).toFixed(0)} rows/s)`,
        `  ratio ieum/raw time = ${(importMs / rawMs).toFixed(2)}`,
        `  GET /stats/meetings?year=2014        ${reportMs.toFixed(0)} ms; table reproduced: ${matches ? 'yes' : 'NO'}`,
      ].join('\n') + '\n',
    );
  } finally {
    await env.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
