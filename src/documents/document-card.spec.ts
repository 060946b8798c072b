import { describe, expect, it } from '@jest/globals';
import { ANNOUNCED_LINES, changesAnnouncement, sizeText } from './document-card.js';

describe('document cards', () => {
  it('sizes read as people write them', () => {
    expect([
      sizeText(null),
      sizeText(532),
      sizeText(1536),
      sizeText(5 * 1024 * 1024),
      sizeText(300 * 1024 * 1024),
    ]).toEqual(['-', '532 B', '1.5 KB', '5.0 MB', '300 MB']);
  });

  it('lists at most ANNOUNCED_LINES changes and counts the rest', () => {
    const changes = Array.from({ length: ANNOUNCED_LINES + 3 }, (_, i) => ({
      change: 'added' as const,
      path: `/f${i}.txt`,
      size: 1,
      modifiedAt: new Date('2026-12-02T01:00:00Z'),
      changedBy: null,
    }));
    const text = changesAnnouncement(changes, 'Asia/Seoul');
    expect(text.split('\n')).toHaveLength(ANNOUNCED_LINES + 2);
    expect(text).toContain('2026-12-02 10:00');
    expect(text).toContain('외 3건 / and 3 more');
  });
});
