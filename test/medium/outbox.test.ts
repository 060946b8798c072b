import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { JobName, QueueName } from '../../src/bus/bus.constants.js';
import { outboxJobId } from '../../src/bus/outbox.relay.js';
import { QueueService } from '../../src/bus/queue.service.js';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import { withAdmin } from '../setup/services.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

function commitThenDie(
  config: ResolvedAppConfig,
  code: string,
): Promise<{ signal: NodeJS.Signals | null; agencyId: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['test/fixtures/commit-then-die.mjs', code], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: config.database.url,
        REDIS_URL: config.redis.url,
        BUS_PREFIX: config.bus.prefix,
        JWT_SECRET: config.auth.jwtSecret,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (_code, signal) => resolve({ signal, agencyId: out.trim() }));
  });
}

async function outboxRows(url: string): Promise<Array<{ id: string; relayed: boolean }>> {
  return withAdmin(
    url,
    async (c) =>
      (
        await c.query<{ id: string; relayed: boolean }>(
          'SELECT id::text, relayed_at IS NOT NULL AS relayed FROM outbox_events ORDER BY id',
        )
      ).rows,
  );
}

describe('outbox relay', () => {
  let config: ResolvedAppConfig;
  let running: TestApp | undefined;

  beforeAll(async () => {
    config = await createTestConfig({ roles: ['worker'] });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('delivers an event once when the process dies between commit and enqueue', async () => {
    const { signal, agencyId } = await commitThenDie(config, 'CRASH1');
    expect(signal).toBe('SIGKILL');
    expect(agencyId).toMatch(/^[0-9a-f-]{36}$/);

    // The change and its event are committed; nothing reached the queue.
    const pending = await outboxRows(config.database.url);
    expect(pending).toEqual([{ id: expect.any(String), relayed: false }]);

    running = await startTestApp(config);
    await waitForJobs(running.app);
    expect(await outboxRows(config.database.url)).toEqual([{ id: pending[0]?.id, relayed: true }]);
    const entries = await running.app.get(AuditRepository).listFor('agency', agencyId);
    expect(entries.map((e) => [e.action, e.jobId])).toEqual([['agency.created', outboxJobId(pending[0]?.id ?? '')]]);
    const queue = running.app.get(QueueService).queue(QueueName.Audit);
    expect(await queue.getCompletedCount()).toBe(1);
  });

  it('runs a job once when the relay enqueued it but died before marking it relayed', async () => {
    const app = running?.app;
    if (!app) throw new Error('the first test starts the app');
    // Simulate a relay that reached Redis and then lost its PostgreSQL transaction: the job is
    // in the queue and the row is still unrelayed.
    const agency = await withAdmin(config.database.url, async (c) => {
      const a = await c.query<{ id: string }>(
        `INSERT INTO agencies (code, name, kind) VALUES ('CRASH2', '이중시험부', 'central_ministry') RETURNING id`,
      );
      const e = await c.query<{ id: string }>(
        `INSERT INTO outbox_events (queue, job_name, payload, relayed_at) VALUES ($1, $2, $3, NULL) RETURNING id::text`,
        [
          QueueName.Audit,
          JobName.AuditRecord,
          {
            action: 'agency.created',
            actorId: null,
            subjectType: 'agency',
            subjectId: a.rows[0]?.id,
            occurredAt: new Date().toISOString(),
          },
        ],
      );
      return { id: a.rows[0]?.id ?? '', eventId: e.rows[0]?.id ?? '' };
    });
    const queues = app.get(QueueService);
    await queues.add(
      JobName.AuditRecord,
      {
        action: 'agency.created',
        actorId: null,
        subjectType: 'agency',
        subjectId: agency.id,
        occurredAt: new Date().toISOString(),
      },
      { jobId: outboxJobId(agency.eventId) },
    );
    await waitForJobs(app);

    const entries = await app.get(AuditRepository).listFor('agency', agency.id);
    expect(entries).toHaveLength(1);
    expect(await queues.queue(QueueName.Audit).getCompletedCount()).toBe(2);
    expect((await outboxRows(config.database.url)).every((r) => r.relayed)).toBe(true);
  });

  it('relays right after commit while the app runs', async () => {
    const app = running?.app;
    if (!app) throw new Error('the first test starts the app');
    const agency = await app
      .get(DirectoryService)
      .createAgency({ code: 'LIVE1', name: '실시간부', kind: 'central_ministry' });
    await waitForJobs(app);
    expect(await app.get(AuditRepository).listFor('agency', agency.id)).toHaveLength(1);
  });
});
