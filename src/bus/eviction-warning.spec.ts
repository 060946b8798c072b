import { describe, expect, it } from '@jest/globals';
import { evictionWarning } from './worker.service.js';

describe('the worker’s word on Redis’s eviction policy', () => {
  it('says nothing for noeviction', () => {
    expect(evictionWarning({ policy: 'noeviction' })).toBeNull();
  });

  it('warns, Korean first, naming the policy, when Redis may evict jobs', () => {
    const warning = evictionWarning({ policy: 'allkeys-lru' });
    expect(warning).toMatch(/^Redis의 maxmemory-policy가 allkeys-lru입니다/);
    expect(warning).toContain('NOT noeviction');
  });

  it('says it could not check when CONFIG is refused', () => {
    expect(evictionWarning({ unknown: "ERR unknown command 'CONFIG'" })).toMatch(
      /확인하지 못했습니다.*Could not check Redis's maxmemory-policy \(ERR unknown command 'CONFIG'\)/,
    );
  });
});
