import { describe, expect, it } from '@jest/globals';
import { nextOccurrence } from './recurrence.js';

describe('nextOccurrence', () => {
  const weeklyMonday9 = 'DTSTART;TZID=Asia/Seoul:20261130T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO';

  it('finds the next Monday 09:00 in Seoul', () => {
    expect(nextOccurrence(weeklyMonday9, 'Asia/Seoul', new Date('2026-11-24T01:00:00Z'))?.toISOString()).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(nextOccurrence(weeklyMonday9, 'Asia/Seoul', new Date('2026-11-30T00:00:00Z'))?.toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    );
  });

  it('keeps wall-clock time across a DST change', () => {
    const daily = 'DTSTART;TZID=America/New_York:20261030T090000\nRRULE:FREQ=DAILY';
    expect(nextOccurrence(daily, 'America/New_York', new Date('2026-10-31T14:00:00Z'))?.toISOString()).toBe(
      '2026-11-01T14:00:00.000Z',
    );
    expect(nextOccurrence(daily, 'America/New_York', new Date('2026-11-01T14:00:00Z'))?.toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('ends with the rule', () => {
    const twice = 'DTSTART:20261201T100000\nRRULE:FREQ=DAILY;COUNT=2';
    expect(nextOccurrence(twice, 'Asia/Seoul', new Date('2026-12-02T01:00:00Z'))).toBeNull();
  });
});
