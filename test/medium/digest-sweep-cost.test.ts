import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import { DUE_USERS, PENDING } from '../../src/notifications/digest.repository.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

interface PlanNode {
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** Rows every node of the plan handled, summed: the work a statement did, the same on every machine. */
function rowsHandled(node: PlanNode): number {
  return (
    node['Actual Rows'] * node['Actual Loops'] + (node.Plans ?? []).reduce((sum, child) => sum + rowsHandled(child), 0)
  );
}

/**
 * The digest sweep runs every minute on every worker. What it reads must follow what is due
 * (unread direct messages and mentions), not the history of group rooms nobody reads: measured
 * as rows handled by the query's plan, which does not depend on the machine's speed.
 */
describe('the digest sweep as unread history grows', () => {
  let app: TestApp;
  let group: RoomView;
  let direct: RoomView;
  let ids: Record<'kim' | 'lee', string>;

  beforeAll(async () => {
    app = await startTestApp(await createTestConfig({ roles: ['api'] }));
    const factory = new Factory(app.app);
    const agency = await factory.agency();
    ids = {
      kim: (await factory.user(agency, { login: 'kim.digest', email: 'kim@mois.go.kr' })).id,
      lee: (await factory.user(agency, { login: 'lee.digest', email: 'lee@mois.go.kr' })).id,
    };
    const lee = await ApiClient.signIn(app.baseUrl, 'lee.digest');
    group = (await lee.call<RoomView>('POST', '/rooms', { kind: 'group', name: '부하 시험방', userIds: [ids.kim] }))
      .body;
    direct = (await lee.call<RoomView>('POST', '/rooms/direct', { userId: ids.kim })).body;
    expect(direct.kind).toBe('direct');
  });

  afterAll(async () => {
    await app.close();
  });

  /** Lee writes `n` messages Kim never reads, two hours ago, in one statement. */
  const write = (roomId: string, n: number, mention = false) =>
    withAdmin(app.config.database.url, async (c) => {
      const rows = await c.query<{ id: string }>(
        `WITH b AS (UPDATE rooms SET last_seq = last_seq + $2, last_change_seq = last_change_seq + $2 WHERE id = $1 RETURNING last_seq, last_change_seq)
         INSERT INTO messages (room_id, seq, change_seq, sender_id, client_message_id, kind, body, created_at)
         SELECT $1, b.last_seq - $2 + g, b.last_change_seq - $2 + g, $3, 'bulk-' || $4 || '-' || g, 'text', '안 읽은 글 ' || g, now() - interval '2 hours'
         FROM b, generate_series(1, $2) g RETURNING id`,
        [roomId, n, ids.lee, randomUUID()],
      );
      if (mention)
        for (const row of rows.rows)
          await c.query(`INSERT INTO message_mentions (message_id, user_id) VALUES ($1, $2)`, [row.id, ids.kim]);
      // As autovacuum would after a load like this: the planner sees the tables as they are.
      await c.query('ANALYZE messages, message_mentions, room_members, rooms');
    });

  const sweepCost = () =>
    withAdmin(app.config.database.url, async (c) => {
      const cutoff = new Date(Date.now() - 30 * 60_000);
      const due = (await c.query<{ userId: string }>(DUE_USERS, [cutoff, 200])).rows.map((r) => r.userId);
      const items = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM (${PENDING}) p`)).rows[0]?.n);
      const plan = (
        await c.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${DUE_USERS}`, [
          cutoff,
          200,
        ])
      ).rows[0]?.['QUERY PLAN'][0]?.Plan;
      if (!plan) throw new Error('no plan');
      return { due, items, rows: rowsHandled(plan) };
    });

  it('reads what is due, whatever the size of the unread history of group rooms', async () => {
    await write(direct.id, 3);
    await write(group.id, 2, true);
    await write(group.id, 500);
    const small = await sweepCost();
    await write(group.id, 20_000);
    const large = await sweepCost();
    process.stderr.write(
      `[digest sweep] rows handled with 500 unread group messages: ${small.rows}; with 20,500: ${large.rows}\n`,
    );
    // Kim is due either way: three direct messages and two mentions wait.
    expect(small.items).toBe(5);
    expect(small.due).toEqual([ids.kim]);
    expect(large.due).toEqual([ids.kim]);
    // 40 times the history, the same work (a few rows of slack for the planner's choices).
    expect(large.rows).toBeLessThanOrEqual(small.rows + 20);
  });
});
