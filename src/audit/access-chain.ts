import { createHash } from 'node:crypto';

/** The hash before the first access record. */
export const GENESIS_HASH = '0'.repeat(64);

/** How long a record is kept at least: access records two years (제8조), role grants three (제5조). */
export const RETENTION_YEARS = { access: 2, role: 3 } as const;
export type RetentionKind = keyof typeof RETENTION_YEARS;

/** One row of `access_records` as the chain sees it. */
export interface ChainedRecord {
  seq: number;
  occurredAt: Date;
  accountId: string | null;
  address: string;
  agencyId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: string | null;
  keepUntil: Date;
  prevHash: string;
}

/**
 * The canonical serialisation: a JSON array of the fields in a fixed order, times as ISO strings
 * (milliseconds, UTC), absent values as null. The SHA-256 of it is the row's hash.
 */
export function canonical(r: ChainedRecord): string {
  return JSON.stringify([
    r.seq,
    r.occurredAt.toISOString(),
    r.accountId,
    r.address,
    r.agencyId,
    r.action,
    r.subjectType,
    r.subjectId,
    r.detail,
    r.keepUntil.toISOString(),
    r.prevHash,
  ]);
}

export function recordHash(r: ChainedRecord): string {
  return createHash('sha256').update(canonical(r)).digest('hex');
}

export function keepUntil(occurredAt: Date, kind: RetentionKind): Date {
  const until = new Date(occurredAt);
  until.setUTCFullYear(until.getUTCFullYear() + RETENTION_YEARS[kind]);
  return until;
}

/** What a walk of the chain found: the first broken row, or how many rows hold together. */
export type ChainVerdict = { ok: true; count: number; lastSeq: number } | { ok: false; seq: number; problem: string };

/**
 * Checks rows fed in seq order against the chain, starting after what the sweep pruned. A changed
 * row no longer hashes to its stored hash; a deleted one leaves a gap in seq and a previous hash
 * that points nowhere; an inserted or re-hashed one breaks the link of the row after it.
 */
export class ChainWalker {
  private expectedSeq: number;
  private prevHash: string;
  private count = 0;
  private failure: ChainVerdict | null = null;

  constructor(start: { prunedSeq: number; prunedHash: string }) {
    this.expectedSeq = start.prunedSeq + 1;
    this.prevHash = start.prunedHash;
  }

  /** Returns false once broken (the rest need not be read). */
  feed(row: ChainedRecord & { hash: string }): boolean {
    if (this.failure) return false;
    if (row.seq !== this.expectedSeq)
      return this.fail(
        this.expectedSeq,
        row.seq > this.expectedSeq
          ? `missing: rows ${this.expectedSeq}..${row.seq - 1} were deleted`
          : `row ${row.seq} lies before the chain's start (its pruned mark was moved)`,
      );
    if (row.prevHash !== this.prevHash)
      return this.fail(
        row.seq,
        'its previous hash does not match the row before it (a row was deleted, inserted or replaced before it)',
      );
    if (recordHash(row) !== row.hash)
      return this.fail(row.seq, 'its contents do not match its hash (the row was changed)');
    this.prevHash = row.hash;
    this.expectedSeq += 1;
    this.count += 1;
    return true;
  }

  /** The verdict, given the head's last row. */
  finish(head: { lastSeq: number; lastHash: string }): ChainVerdict {
    if (this.failure) return this.failure;
    const lastSeq = this.expectedSeq - 1;
    if (lastSeq < head.lastSeq)
      return {
        ok: false,
        seq: lastSeq + 1,
        problem: `missing: rows ${lastSeq + 1}..${head.lastSeq} were deleted (the chain head names row ${head.lastSeq})`,
      };
    if (lastSeq > head.lastSeq)
      return {
        ok: false,
        seq: head.lastSeq + 1,
        problem: `rows after ${head.lastSeq} are not in the chain head (inserted outside Ieum)`,
      };
    if (this.prevHash !== head.lastHash)
      return { ok: false, seq: lastSeq, problem: 'the chain head does not match the last row' };
    return { ok: true, count: this.count, lastSeq };
  }

  private fail(seq: number, problem: string): false {
    this.failure = { ok: false, seq, problem };
    return false;
  }
}
