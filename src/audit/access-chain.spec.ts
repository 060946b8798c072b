import { describe, expect, it } from '@jest/globals';
import { ChainWalker, GENESIS_HASH, canonical, keepUntil, recordHash, type ChainedRecord } from './access-chain.js';

function chain(n: number): Array<ChainedRecord & { hash: string }> {
  const rows: Array<ChainedRecord & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const occurredAt = new Date(Date.UTC(2026, 10, 2, 9, 0, seq));
    const row: ChainedRecord = {
      seq,
      occurredAt,
      accountId: '3f2b8c1e-0000-4000-8000-000000000001',
      address: '203.0.113.7',
      agencyId: null,
      action: 'consultation.read',
      subjectType: 'consultation',
      subjectId: `c${seq}`,
      detail: null,
      keepUntil: keepUntil(occurredAt, 'access'),
      prevHash,
    };
    prevHash = recordHash(row);
    rows.push({ ...row, hash: prevHash });
  }
  return rows;
}

function walk(rows: Array<ChainedRecord & { hash: string }>, head = { lastSeq: 5, lastHash: chain(5)[4]?.hash ?? '' }) {
  const walker = new ChainWalker({ prunedSeq: 0, prunedHash: GENESIS_HASH });
  for (const row of rows) if (!walker.feed(row)) break;
  return walker.finish(head);
}

describe('access record chain', () => {
  it('serialises fields in a fixed order, times in UTC', () => {
    expect(canonical(chain(1)[0] as ChainedRecord)).toBe(
      `[1,"2026-11-02T09:00:01.000Z","3f2b8c1e-0000-4000-8000-000000000001","203.0.113.7",null,"consultation.read","consultation","c1",null,"2028-11-02T09:00:01.000Z","${GENESIS_HASH}"]`,
    );
  });

  it('keeps role records three years and others two', () => {
    const at = new Date('2026-02-28T00:00:00Z');
    expect(keepUntil(at, 'role').toISOString()).toBe('2029-02-28T00:00:00.000Z');
    expect(keepUntil(at, 'access').toISOString()).toBe('2028-02-28T00:00:00.000Z');
  });

  it('holds together when untouched', () => {
    expect(walk(chain(5))).toEqual({ ok: true, count: 5, lastSeq: 5 });
  });

  it('names a changed row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], address: '10.0.0.1' };
    expect(walk(rows)).toMatchObject({ ok: false, seq: 3, problem: expect.stringContaining('changed') });
  });

  it('names a changed row whose hash was recomputed, at the row after it', () => {
    const rows = chain(5);
    const forged = { ...rows[2], address: '10.0.0.1' };
    rows[2] = { ...forged, hash: recordHash(forged) };
    expect(walk(rows)).toMatchObject({ ok: false, seq: 4, problem: expect.stringContaining('previous hash') });
  });

  it('names a deleted row, and a cut tail', () => {
    const rows = chain(5);
    expect(walk([...rows.slice(0, 1), ...rows.slice(2)])).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringContaining('deleted'),
    });
    expect(walk(rows.slice(0, 3))).toMatchObject({
      ok: false,
      seq: 4,
      problem: expect.stringContaining('rows 4..5 were deleted'),
    });
  });
});
