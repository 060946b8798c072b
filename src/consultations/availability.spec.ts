import { describe, expect, it } from '@jest/globals';
import { freeSlots, type AvailabilityInput } from './availability.js';

const seoul = (local: string) => new Date(`${local}+09:00`);
const starts = (input: AvailabilityInput, from: string, to: string, now: string) =>
  freeSlots(input, { from: seoul(from), to: seoul(to) }, seoul(now)).map((s) =>
    s.startsAt.toLocaleString('sv-SE', { timeZone: 'Asia/Seoul' }).slice(0, 16),
  );

// 2026-12-07 is a Monday; 2026-12-25 (Friday) is Christmas.
const base: AvailabilityInput = {
  timeZone: 'Asia/Seoul',
  slotMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  horizonDays: 60,
  minNoticeMinutes: 0,
  dailyCap: null,
  weeklyRules: [{ weekday: 1, start: '09:00', end: '11:00' }],
  exceptions: [],
  closedDays: new Set(),
  busy: [],
  bookedPerDay: new Map(),
};

describe('freeSlots', () => {
  it('cuts the weekly windows into slots, on their weekdays only', () => {
    expect(starts(base, '2026-12-07T00:00', '2026-12-09T00:00', '2026-12-01T00:00')).toEqual([
      '2026-12-07 09:00',
      '2026-12-07 09:30',
      '2026-12-07 10:00',
      '2026-12-07 10:30',
    ]);
  });

  it('keeps buffers between slots and around bookings', () => {
    const buffered = { ...base, bufferBeforeMinutes: 5, bufferAfterMinutes: 10 };
    expect(starts(buffered, '2026-12-07T00:00', '2026-12-08T00:00', '2026-12-01T00:00')).toEqual([
      '2026-12-07 09:00',
      '2026-12-07 09:45',
      '2026-12-07 10:30',
    ]);
    // A booking at 09:45 holds 09:40–10:25: 09:00 (held to 09:40) still fits, 10:30 (from 10:25) too.
    const booked = { ...buffered, busy: [{ from: seoul('2026-12-07T09:40'), until: seoul('2026-12-07T10:25') }] };
    expect(starts(booked, '2026-12-07T00:00', '2026-12-08T00:00', '2026-12-01T00:00')).toEqual([
      '2026-12-07 09:00',
      '2026-12-07 10:30',
    ]);
    // One that runs a minute longer takes the next slot's buffer, and with it the slot.
    const longer = { ...buffered, busy: [{ from: seoul('2026-12-07T09:40'), until: seoul('2026-12-07T10:26') }] };
    expect(starts(longer, '2026-12-07T00:00', '2026-12-08T00:00', '2026-12-01T00:00')).toEqual(['2026-12-07 09:00']);
  });

  it('leaves out closed days (holidays, closures) and full days', () => {
    const mondays = { ...base, weeklyRules: [{ weekday: 1, start: '09:00', end: '09:30' }] };
    expect(starts(mondays, '2026-12-07T00:00', '2026-12-22T00:00', '2026-12-01T00:00')).toEqual([
      '2026-12-07 09:00',
      '2026-12-14 09:00',
      '2026-12-21 09:00',
    ]);
    expect(
      starts(
        { ...mondays, closedDays: new Set(['2026-12-14']) },
        '2026-12-07T00:00',
        '2026-12-22T00:00',
        '2026-12-01T00:00',
      ),
    ).toEqual(['2026-12-07 09:00', '2026-12-21 09:00']);
    const capped = { ...base, dailyCap: 2, bookedPerDay: new Map([['2026-12-07', 2]]) };
    expect(starts(capped, '2026-12-07T00:00', '2026-12-15T00:00', '2026-12-01T00:00')).toEqual([
      '2026-12-14 09:00',
      '2026-12-14 09:30',
      '2026-12-14 10:00',
      '2026-12-14 10:30',
    ]);
  });

  it('honours minimum notice and the booking horizon', () => {
    const notice = { ...base, minNoticeMinutes: 90 };
    expect(starts(notice, '2026-12-07T00:00', '2026-12-08T00:00', '2026-12-07T08:15')).toEqual([
      '2026-12-07 10:00',
      '2026-12-07 10:30',
    ]);
    const near = { ...base, horizonDays: 7 };
    expect(starts(near, '2026-12-07T00:00', '2026-12-22T00:00', '2026-12-07T10:45')).toEqual([
      '2026-12-14 09:00',
      '2026-12-14 09:30',
      '2026-12-14 10:00',
      '2026-12-14 10:30',
    ]);
  });

  it('applies exceptions: a day off, an hour off, an extra window', () => {
    const withExceptions: AvailabilityInput = {
      ...base,
      exceptions: [
        { day: '2026-12-07', kind: 'off', start: '09:30', end: '10:30' },
        { day: '2026-12-09', kind: 'extra', start: '14:00', end: '15:00' },
        { day: '2026-12-14', kind: 'off', start: null, end: null },
      ],
    };
    expect(starts(withExceptions, '2026-12-07T00:00', '2026-12-15T00:00', '2026-12-01T00:00')).toEqual([
      '2026-12-07 09:00',
      '2026-12-07 10:30',
      '2026-12-09 14:00',
      '2026-12-09 14:30',
    ]);
  });

  it("reads the rules in the investigator's zone and never offers a slot twice", () => {
    const utc = { ...base, timeZone: 'UTC', weeklyRules: [{ weekday: 1, start: '00:00', end: '01:00' }] };
    const slots = freeSlots(
      utc,
      { from: new Date('2026-12-07T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z') },
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(slots.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-12-07T00:00:00.000Z',
      '2026-12-07T00:30:00.000Z',
    ]);
  });
});
