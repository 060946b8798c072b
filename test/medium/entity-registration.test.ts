import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { ResolvedAppConfig, Role } from '../../src/config/app-config.js';
import { ENTITIES } from '../../src/database/entities.js';
import { createTestConfig, startTestApp } from '../utils/test-app.js';

const names = (classes: readonly unknown[]): string[] =>
  classes.map((c) => (typeof c === 'function' ? c.name : String(c))).sort();

/**
 * The app loads the entities its modules declare (TypeOrmModule.forFeature, autoLoadEntities); the
 * migration CLI and the schema check read ENTITIES. A module that forgets its forFeature, or an
 * entity left out of ENTITIES, makes the two disagree.
 */
describe('entity registration', () => {
  let config: ResolvedAppConfig;

  beforeAll(async () => {
    config = await createTestConfig({ env: { SMTP_PORT: '0', MAIL_DOMAIN: 'ieum.test' } });
  });

  const roleSets: Role[][] = [['api'], ['worker'], ['smtp'], ['api', 'worker', 'smtp'], []];
  describe.each(roleSets.map((roles) => [roles.join('+') || 'no role', roles] as const))('with %s', (_label, roles) => {
    let entities: unknown[] = [];
    let close: () => Promise<void> = () => Promise.resolve();

    beforeAll(async () => {
      const running = await startTestApp({ ...config, roles: new Set(roles) });
      close = () => running.close();
      entities = running.app.get(DataSource).entityMetadatas.map((m) => m.target);
    });
    afterAll(async () => {
      await close();
    });

    it('loads exactly the entities the migration CLI lists', () => {
      expect(names(entities)).toEqual(names(ENTITIES));
      expect(entities.filter((e) => !(ENTITIES as unknown[]).includes(e))).toEqual([]);
    });
  });

  it('lists every entity once', () => {
    expect(new Set(names(ENTITIES)).size).toBe(ENTITIES.length);
  });
});
