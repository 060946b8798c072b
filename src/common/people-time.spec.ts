import { describe, expect, it } from '@jest/globals';
import { peopleTime } from './people-time.js';

const NOW = new Date('2026-11-20T00:00:00Z');

describe('peopleTime', () => {
  it("reads an instant in the person's zone, in Korean and in English", () => {
    expect(peopleTime(new Date('2026-12-03T04:50:00.000Z'), 'Asia/Seoul', NOW)).toEqual({
      ko: '12월 3일 (목) 오후 1:50',
      en: 'Thu 3 Dec, 1:50 pm',
    });
    expect(peopleTime(new Date('2026-12-03T04:50:00.000Z'), 'Europe/Berlin', NOW)).toEqual({
      ko: '12월 3일 (목) 오전 5:50',
      en: 'Thu 3 Dec, 5:50 am',
    });
  });

  it('gives the day of the zone, not of UTC: 00:30 in Seoul is the previous day in UTC', () => {
    expect(peopleTime(new Date('2026-12-02T15:30:00Z'), 'Asia/Seoul', NOW)).toEqual({
      ko: '12월 3일 (목) 오전 12:30',
      en: 'Thu 3 Dec, 12:30 am',
    });
  });

  it('adds the year only when it is not this year where the person is', () => {
    expect(peopleTime(new Date('2027-01-04T00:00:00Z'), 'Asia/Seoul', NOW)).toEqual({
      ko: '2027년 1월 4일 (월) 오전 9:00',
      en: 'Mon 4 Jan 2027, 9:00 am',
    });
    // 31 December 20:00 UTC is already 1 January in Seoul, and still this year in UTC.
    expect(peopleTime(new Date('2026-12-31T20:00:00Z'), 'Asia/Seoul', new Date('2026-12-31T10:00:00Z')).ko).toBe(
      '2027년 1월 1일 (금) 오전 5:00',
    );
    expect(peopleTime(new Date('2026-12-31T20:00:00Z'), 'UTC', new Date('2026-12-31T10:00:00Z')).ko).toBe(
      '12월 31일 (목) 오후 8:00',
    );
  });

  it('reads an unknown zone as Asia/Seoul, and never prints an ISO timestamp', () => {
    const text = peopleTime(new Date('2026-12-03T04:50:00.000Z'), 'Mars/Olympus', NOW);
    expect(text).toEqual({ ko: '12월 3일 (목) 오후 1:50', en: 'Thu 3 Dec, 1:50 pm' });
    expect(`${text.ko} ${text.en}`).not.toMatch(/\d{4}-\d{2}-\d{2}|T\d{2}:|Z\b/);
  });
});
