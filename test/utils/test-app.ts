import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../src/app.factory.js';
import { QueueService } from '../../src/bus/queue.service.js';
import { OutboxRelay } from '../../src/bus/outbox.relay.js';
import { OutboxRepository } from '../../src/bus/outbox.repository.js';
import type { ResolvedAppConfig, Role } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { databaseUrl, testServices, withAdmin } from '../setup/services.js';

const suffix = () => randomBytes(4).toString('hex');

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  const { adminUrl, template, runId } = testServices();
  const name = `ieum_t_${runId}_${suffix()}`;
  await withAdmin(adminUrl, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two clones of one template at the same instant can collide; the second retries.
        if (attempt > 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  return databaseUrl(adminUrl, name);
}

export interface TestConfigOptions {
  roles?: Role[];
  env?: Record<string, string>;
}

/** A resolved config on its own database and queue prefix, so test files run in parallel. */
export async function createTestConfig(options: TestConfigOptions = {}): Promise<ResolvedAppConfig> {
  const base = loadConfig({ LOG_LEVEL: 'warn', SEED_DEMO: 'false', PORT: '0', HOST: '127.0.0.1', ...options.env });
  return {
    ...base,
    roles: new Set(options.roles ?? ['api', 'worker']),
    database: { url: await createTestDatabase(), poolSize: 5 },
    redis: { url: testServices().redisUrl },
    bus: { ...base.bus, prefix: `t${suffix()}` },
    auth: { ...base.auth, jwtSecret: randomBytes(32).toString('hex') },
  };
}

export interface TestApp {
  app: INestApplication;
  config: ResolvedAppConfig;
  baseUrl: string;
  close(): Promise<void>;
}

/** Boots the whole app on a free port, or on `port` when its public URL must be known beforehand. */
export async function startTestApp(config: ResolvedAppConfig, port = 0): Promise<TestApp> {
  const app = await createApp(config);
  if (config.roles.has('api')) await app.listen(port, '127.0.0.1');
  else await app.init();
  const address = config.roles.has('api') ? (app.getHttpServer() as import('node:http').Server).address() : null;
  const baseUrl = address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : '';
  return { app, config, baseUrl, close: () => app.close() };
}

/** Relays the outbox and waits until no queue has waiting or active jobs. */
export async function waitForJobs(app: INestApplicationContext, timeoutMs = 15_000): Promise<void> {
  const relay = app.get(OutboxRelay);
  const queues = app.get(QueueService).allQueues();
  const deadline = Date.now() + timeoutMs;
  const outbox = app.get(OutboxRepository);
  for (;;) {
    await relay.drain();
    // Another node's relay may hold rows it is still enqueuing (this relay skips them): wait for those too.
    const pending = await outbox.countPending();
    const counts = await Promise.all(
      queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children')),
    );
    if (pending === 0 && counts.every((c) => Object.values(c).every((n) => n === 0))) return;
    if (Date.now() > deadline)
      throw new Error(`queues did not drain: ${JSON.stringify(counts)}, ${pending} outbox rows unrelayed`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
