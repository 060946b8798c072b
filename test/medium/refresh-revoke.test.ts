import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { AuthService } from '../../src/identity/auth.service.js';
import { RefreshTokenRepository } from '../../src/identity/refresh-token.repository.js';
import { withAdmin } from '../setup/services.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

describe('signing out while the same session refreshes', () => {
  let running: TestApp;

  beforeAll(async () => {
    running = await startTestApp(await createTestConfig({ roles: [] }));
  });
  afterAll(async () => {
    await running.close();
  });

  it('revokes the token a refresh was committing at that moment, not only the ones it could see', async () => {
    const factory = new Factory(running.app);
    const user = await factory.user(await factory.agency(), { login: 'race.refresh' });
    const session = await running.app.get(AuthService).login('race.refresh', TEST_PASSWORD, '127.0.0.1');
    const presented = session.refreshToken.split('.')[0] ?? '';
    const tokens = running.app.get(RefreshTokenRepository);
    const familyId = (await tokens.findById(presented))?.familyId ?? '';
    const successor = randomUUID();

    // A refresh holds the presented token's row lock while it writes the next token of the family.
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const refreshing = running.app.get(UnitOfWork).run(async (tx) => {
      await tokens.lockWithSecret(tx, presented);
      await tokens.insert(tx, {
        id: successor,
        userId: user.id,
        familyId,
        secretHash: 'x'.repeat(64),
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      await tokens.markReplaced(tx, presented, successor);
      locked();
      await held;
    });
    await lockTaken;
    const revoking = tokens.revokeFamily(familyId);
    // The sign-out waits for the refresh; let it wait a moment, then let the refresh commit.
    await new Promise((r) => setTimeout(r, 200));
    commit();
    await refreshing;
    await revoking;

    const live = await withAdmin(
      running.config.database.url,
      async (c) =>
        (
          await c.query<{ id: string }>('SELECT id FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL', [
            familyId,
          ])
        ).rows,
    );
    expect(live).toEqual([]);
  });
});
