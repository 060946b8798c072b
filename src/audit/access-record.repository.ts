import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import {
  ChainWalker,
  keepUntil,
  recordHash,
  type ChainVerdict,
  type ChainedRecord,
  type RetentionKind,
} from './access-chain.js';

/** One access to be recorded: the personal data's owner is named by id only, never by the data itself. */
export interface AccessEvent {
  /** The staff account; null for the citizen's own link or an operator at the CLI. */
  accountId: string | null;
  /** The client address as Express resolved it (TRUST_PROXY); absent in-process (commands, CLI). */
  address?: string | null;
  agencyId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  /** Non-personal detail: a role's name, an export's range. */
  detail?: string | null;
  kind?: RetentionKind;
}

/** A row of `access_records` as PostgreSQL answers it. */
export interface AccessRecordRow {
  seq: string;
  occurred_at: Date;
  account_id: string | null;
  address: string;
  agency_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: string | null;
  keep_until: Date;
  prev_hash: string;
  hash: string;
}

const BATCH = 1000;

/** Where an in-process access (a command in a message, the admin CLI) came from. */
export function localAddress(): string {
  return `local:${hostname()}`.slice(0, 64);
}

/**
 * The access records (접속기록): appended in the caller's transaction, so a record exists exactly
 * when what it records committed. Appends take the chain head FOR UPDATE: they queue one behind
 * another and the chain never forks.
 */
@Injectable()
export class AccessRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(tx: Tx, events: readonly AccessEvent[], now = new Date()): Promise<void> {
    if (events.length === 0) return;
    const [head] = await tx.manager.query<Array<{ last_seq: string; last_hash: string }>>(
      `SELECT last_seq, last_hash FROM access_record_head WHERE id = 1 FOR UPDATE`,
    );
    if (!head) throw new Error('access_record_head is missing: run the migrations');
    let seq = Number(head.last_seq);
    let prevHash = head.last_hash;
    const rows: Array<ChainedRecord & { hash: string }> = [];
    for (const e of events) {
      seq += 1;
      const record: ChainedRecord = {
        seq,
        occurredAt: now,
        accountId: e.accountId,
        address: (e.address ?? localAddress()).slice(0, 64),
        agencyId: e.agencyId,
        action: e.action,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        detail: e.detail?.slice(0, 256) ?? null,
        keepUntil: keepUntil(now, e.kind ?? 'access'),
        prevHash,
      };
      prevHash = recordHash(record);
      rows.push({ ...record, hash: prevHash });
    }
    const columns = 12;
    const values = rows
      .map((_, i) => `(${Array.from({ length: columns }, (__, c) => `$${i * columns + c + 1}`).join(', ')})`)
      .join(', ');
    await tx.manager.query(
      `INSERT INTO access_records (seq, occurred_at, account_id, address, agency_id, action, subject_type, subject_id, detail, keep_until, prev_hash, hash) VALUES ${values}`,
      rows.flatMap((r) => [
        r.seq,
        r.occurredAt,
        r.accountId,
        r.address,
        r.agencyId,
        r.action,
        r.subjectType,
        r.subjectId,
        r.detail,
        r.keepUntil,
        r.prevHash,
        r.hash,
      ]),
    );
    await tx.manager.query(`UPDATE access_record_head SET last_seq = $1, last_hash = $2 WHERE id = 1`, [seq, prevHash]);
  }

  /** Walks the whole chain in batches, from the oldest kept row to the head. */
  async verify(): Promise<ChainVerdict> {
    const [head] = await this.dataSource.query<
      Array<{ last_seq: string; last_hash: string; pruned_seq: string; pruned_hash: string }>
    >(`SELECT last_seq, last_hash, pruned_seq, pruned_hash FROM access_record_head WHERE id = 1`);
    if (!head) return { ok: false, seq: 0, problem: 'the chain head is missing' };
    const walker = new ChainWalker({ prunedSeq: Number(head.pruned_seq), prunedHash: head.pruned_hash });
    // From the very first row kept: a row left before the chain's start means the start was moved.
    let after = 0;
    for (;;) {
      const rows = await this.dataSource.query<AccessRecordRow[]>(
        `SELECT * FROM access_records WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows)
        if (!walker.feed(fromRow(row)))
          return walker.finish({ lastSeq: Number(head.last_seq), lastHash: head.last_hash });
      if (rows.length < BATCH) break;
      after = Number(rows[rows.length - 1]?.seq);
    }
    return walker.finish({ lastSeq: Number(head.last_seq), lastHash: head.last_hash });
  }

  /**
   * The retention sweep: deletes the oldest rows whose retention is over, only as an unbroken run
   * from the start of the chain (a role record kept three years holds back the access records after
   * it), and moves the chain's start to the last row deleted. The table's trigger refuses to delete
   * any row still within its retention, whatever asks.
   */
  async prune(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [head] = await manager.query<Array<{ pruned_seq: string }>>(
        `SELECT pruned_seq FROM access_record_head WHERE id = 1 FOR UPDATE`,
      );
      const [stop] = await manager.query<Array<{ seq: string | null }>>(
        `SELECT min(seq) AS seq FROM access_records WHERE keep_until >= $1`,
        [now],
      );
      const [last] = await manager.query<Array<{ seq: string; hash: string }>>(
        `SELECT seq, hash FROM access_records WHERE seq > $1 AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT 1`,
        [head?.pruned_seq ?? 0, stop?.seq ?? null],
      );
      if (!last) return 0;
      const deleted = await manager.query<[unknown, number]>(`DELETE FROM access_records WHERE seq <= $1`, [last.seq]);
      await manager.query(`UPDATE access_record_head SET pruned_seq = $1, pruned_hash = $2 WHERE id = 1`, [
        last.seq,
        last.hash,
      ]);
      return deleted[1];
    });
  }

  async listFor(subjectType: string, subjectId: string): Promise<Array<ChainedRecord & { hash: string }>> {
    return (
      await this.dataSource.query<AccessRecordRow[]>(
        `SELECT * FROM access_records WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq`,
        [subjectType, subjectId],
      )
    ).map(fromRow);
  }
}

function fromRow(r: AccessRecordRow): ChainedRecord & { hash: string } {
  return {
    seq: Number(r.seq),
    occurredAt: r.occurred_at,
    accountId: r.account_id,
    address: r.address,
    agencyId: r.agency_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: r.detail,
    keepUntil: r.keep_until,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
