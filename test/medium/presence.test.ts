import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PresenceService } from '../../src/messenger/realtime/presence.service.js';
import { RedisService } from '../../src/redis/redis.service.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

describe('presence refresh', () => {
  let running: TestApp;

  beforeAll(async () => {
    running = await startTestApp(await createTestConfig({ roles: [] }));
  });
  afterAll(async () => {
    await running.close();
  });

  it('re-scores every socket this node holds, across its chunked round trips, and only those', async () => {
    const presence = running.app.get(PresenceService);
    const redis = running.app.get(RedisService);
    const users = ['presence-a', 'presence-b', 'presence-c'];
    // 601 sockets: more than two chunks, and not a multiple of the chunk size.
    const sockets = Array.from({ length: 601 }, (_, i) => ({
      socketId: `s${i}`,
      userId: users[i % users.length] ?? '',
    }));
    for (const { socketId, userId } of sockets) await presence.connected(userId, socketId);
    // Every score is set back to a minute from now, as if the last vouch were long ago.
    const stale = Date.now() + 60_000;
    for (const { socketId, userId } of sockets) await redis.client.zadd(redis.key('presence', userId), stale, socketId);
    await presence.disconnected('presence-c', 's2');

    await presence.refresh();

    const scores = new Map<string, number>();
    for (const userId of users) {
      const flat = await redis.client.zrange(redis.key('presence', userId), 0, -1, 'WITHSCORES');
      for (let i = 0; i < flat.length; i += 2) scores.set(flat[i] ?? '', Number(flat[i + 1]));
    }
    expect(scores.size).toBe(600);
    expect(scores.has('s2')).toBe(false);
    expect([...scores.values()].filter((score) => score <= stale)).toEqual([]);
    expect(await presence.online([...users, 'presence-nobody'])).toEqual(new Set(users));
  });
});
