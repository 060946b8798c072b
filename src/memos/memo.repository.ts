import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { MemoEntity } from './memo.entity.js';
import { MemoRecipientEntity } from './memo-recipient.entity.js';
import { MemoTargetEntity } from './memo-target.entity.js';
import type { MemoTargetKind } from './memos.types.js';

/** A recipient row with the person and agency names, for the author's table and the exports. */
export interface RecipientRow {
  userId: string;
  displayName: string;
  login: string;
  agencyId: string | null;
  agencyName: string | null;
  via: MemoTargetKind;
  deliveredAt: Date | null;
  readAt: Date | null;
  acknowledgedAt: Date | null;
  opinion: string | null;
  opinionAt: Date | null;
  nudgedAt: Date | null;
}

@Injectable()
export class MemoRepository {
  constructor(
    @InjectRepository(MemoEntity) private readonly memos: Repository<MemoEntity>,
    @InjectRepository(MemoTargetEntity) private readonly targets: Repository<MemoTargetEntity>,
    @InjectRepository(MemoRecipientEntity) private readonly recipients: Repository<MemoRecipientEntity>,
  ) {}

  async findById(id: string): Promise<MemoEntity | null> {
    return this.memos.findOneBy({ id });
  }

  /** Of these memos, the ones this person wrote or received, and which (one statement at any number). */
  async heldIds(
    memoIds: readonly string[],
    userId: string,
  ): Promise<Array<{ id: string; author: boolean; recipient: boolean }>> {
    return this.memos
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .addSelect('m.author_id = :userId', 'author')
      .addSelect('EXISTS (SELECT 1 FROM memo_recipients r WHERE r.memo_id = m.id AND r.user_id = :userId)', 'recipient')
      .where('m.id IN (:...memoIds)', { memoIds, userId })
      .getRawMany<{ id: string; author: boolean; recipient: boolean }>();
  }

  async findBySourceKey(sourceKey: string): Promise<MemoEntity | null> {
    return this.memos.findOneBy({ sourceKey });
  }

  /** Memos this person wrote or received whose id starts with `prefix` (what commands take). */
  async findByRef(prefix: string, userId: string): Promise<MemoEntity[]> {
    return this.memos
      .createQueryBuilder('m')
      .where('m.id::text LIKE :prefix', { prefix: `${prefix.toLowerCase()}%` })
      .andWhere(
        '(m.author_id = :userId OR EXISTS (SELECT 1 FROM memo_recipients r WHERE r.memo_id = m.id AND r.user_id = :userId))',
        { userId },
      )
      .limit(2)
      .getMany();
  }

  async insertOnce(
    tx: Tx,
    memo: Pick<
      MemoEntity,
      'authorId' | 'authorAgencyId' | 'title' | 'body' | 'deadlineAt' | 'opinionRequested' | 'sourceKey'
    >,
  ): Promise<{ memo: MemoEntity; created: boolean }> {
    const inserted = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MemoEntity)
      .values(memo)
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (id) return { memo: await tx.manager.findOneByOrFail(MemoEntity, { id }), created: true };
    return { memo: await tx.manager.findOneByOrFail(MemoEntity, { sourceKey: memo.sourceKey ?? '' }), created: false };
  }

  async insertTargets(
    tx: Tx,
    memoId: string,
    targets: Array<{ kind: MemoTargetKind; targetId: string; name: string }>,
  ): Promise<void> {
    if (targets.length === 0) return;
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MemoTargetEntity)
      .values(targets.map((t) => ({ ...t, memoId })))
      .orIgnore()
      .execute();
  }

  /**
   * Freezes the recipients: the named people, then everyone active in the named departments and
   * agencies at this moment (the author excepted). A person reached twice keeps the most direct way.
   */
  async freezeRecipients(
    tx: Tx,
    memoId: string,
    authorId: string,
    named: { userIds: string[]; departmentIds: string[]; agencyIds: string[] },
  ): Promise<number> {
    const rows: Array<{ n: string }> = await tx.manager.query(
      `WITH reached AS (
         SELECT id AS user_id, agency_id, 'user' AS via, 1 AS rank FROM users WHERE id = ANY($2::uuid[])
         UNION ALL SELECT id, agency_id, 'department', 2 FROM users WHERE department_id = ANY($3::uuid[])
         UNION ALL SELECT id, agency_id, 'agency', 3 FROM users WHERE agency_id = ANY($4::uuid[])
       ), chosen AS (
         SELECT DISTINCT ON (r.user_id) r.user_id, r.agency_id, r.via FROM reached r
         JOIN users u ON u.id = r.user_id AND u.kind = 'staff' AND u.disabled_at IS NULL
         WHERE r.user_id <> $5 ORDER BY r.user_id, r.rank
       ), inserted AS (
         INSERT INTO memo_recipients (memo_id, user_id, agency_id, via) SELECT $1, user_id, agency_id, via FROM chosen
         ON CONFLICT DO NOTHING RETURNING 1
       ) SELECT count(*) AS n FROM inserted`,
      [memoId, named.userIds, named.departmentIds, named.agencyIds, authorId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async targetsOf(memoId: string): Promise<MemoTargetEntity[]> {
    return this.targets.find({ where: { memoId }, order: { kind: 'ASC', name: 'ASC' } });
  }

  /** The addressees of several memos at once, in each memo's order. */
  async targetsOfMany(memoIds: string[]): Promise<MemoTargetEntity[]> {
    return memoIds.length === 0
      ? []
      : this.targets.find({ where: { memoId: In(memoIds) }, order: { kind: 'ASC', name: 'ASC' } });
  }

  /** One person's receipts of several memos. */
  async recipientOfMany(memoIds: string[], userId: string): Promise<MemoRecipientEntity[]> {
    return memoIds.length === 0 ? [] : this.recipients.findBy({ memoId: In(memoIds), userId });
  }

  /** Recipients the delivery DM has not been recorded for yet. */
  async undelivered(memoId: string): Promise<string[]> {
    return (await this.recipients.find({ select: { userId: true }, where: { memoId, deliveredAt: IsNull() } })).map(
      (r) => r.userId,
    );
  }

  /** Records the delivery DM once; false when it was recorded before. */
  async markDelivered(memoId: string, userId: string): Promise<boolean> {
    const result = await this.recipients
      .createQueryBuilder()
      .update()
      .set({ deliveredAt: () => 'now()' })
      .where('memo_id = :memoId AND user_id = :userId AND delivered_at IS NULL', { memoId, userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Every recipient's row, or only this person's. */
  async rows(memoId: string, userId?: string): Promise<RecipientRow[]> {
    const rows: Array<Record<string, unknown>> = await this.recipients.query(
      `SELECT r.user_id, u.display_name, u.login, r.agency_id, a.name AS agency_name, r.via, r.delivered_at, r.read_at, r.acknowledged_at, r.opinion, r.opinion_at, r.nudged_at
         FROM memo_recipients r JOIN users u ON u.id = r.user_id LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE r.memo_id = $1 AND ($2::uuid IS NULL OR r.user_id = $2) ORDER BY a.name NULLS LAST, u.display_name, u.login`,
      [memoId, userId ?? null],
    );
    return rows.map((r) => ({
      userId: r.user_id as string,
      displayName: r.display_name as string,
      login: r.login as string,
      agencyId: (r.agency_id as string | null) ?? null,
      agencyName: (r.agency_name as string | null) ?? null,
      via: r.via as MemoTargetKind,
      deliveredAt: (r.delivered_at as Date | null) ?? null,
      readAt: (r.read_at as Date | null) ?? null,
      acknowledgedAt: (r.acknowledged_at as Date | null) ?? null,
      opinion: (r.opinion as string | null) ?? null,
      opinionAt: (r.opinion_at as Date | null) ?? null,
      nudgedAt: (r.nudged_at as Date | null) ?? null,
    }));
  }

  /** Marks the first read; false when it was read before. */
  async markRead(memoId: string, userId: string): Promise<boolean> {
    const result = await this.recipients
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'now()' })
      .where('memo_id = :memoId AND user_id = :userId AND read_at IS NULL', { memoId, userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async acknowledge(memoId: string, userId: string): Promise<boolean> {
    const result = await this.recipients
      .createQueryBuilder()
      .update()
      .set({ acknowledgedAt: () => 'now()', readAt: () => 'coalesce(read_at, now())' })
      .where('memo_id = :memoId AND user_id = :userId AND acknowledged_at IS NULL', { memoId, userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Writes the opinion only while the deadline (checked in the statement) has not passed. */
  async setOpinion(tx: Tx, memoId: string, userId: string, opinion: string): Promise<boolean> {
    const [, affected] = await tx.manager.query<[unknown[], number]>(
      `UPDATE memo_recipients r SET opinion = $3, opinion_at = now(), read_at = coalesce(r.read_at, now()), acknowledged_at = coalesce(r.acknowledged_at, now())
         FROM memos m WHERE m.id = r.memo_id AND r.memo_id = $1 AND r.user_id = $2 AND (m.deadline_at IS NULL OR m.deadline_at > now())`,
      [memoId, userId, opinion],
    );
    return affected > 0;
  }

  /** Who has not answered: no opinion where one was asked for, otherwise not acknowledged. */
  async unanswered(memo: MemoEntity): Promise<string[]> {
    const rows = await this.recipients
      .createQueryBuilder('r')
      .select('r.user_id', 'userId')
      .where('r.memo_id = :memoId', { memoId: memo.id })
      .andWhere(memo.opinionRequested ? 'r.opinion_at IS NULL' : 'r.acknowledged_at IS NULL')
      .getRawMany<{ userId: string }>();
    return rows.map((r) => r.userId);
  }

  /**
   * Claims the memos whose automatic nudge is due (deadline within `lead`, not past, sent before the
   * lead began, not nudged yet); each is claimed once, in the caller's transaction.
   */
  async claimAutoNudges(tx: Tx, now: Date, leadMs: number, limit: number): Promise<string[]> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affected].
    const [rows] = await tx.manager.query<[Array<{ id: string }>, number]>(
      `UPDATE memos SET auto_nudged_at = $1 WHERE id IN (
         SELECT id FROM memos WHERE auto_nudged_at IS NULL AND deadline_at > $1 AND deadline_at <= $1 + ($2 || ' milliseconds')::interval
            AND created_at < deadline_at - ($2 || ' milliseconds')::interval
          ORDER BY deadline_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [now, String(leadMs), limit],
    );
    return rows.map((r) => r.id);
  }

  /** How many of those who have not answered were nudged since `since`, and how many were not. */
  async nudgeable(memo: MemoEntity, since: Date): Promise<{ due: number; recent: number }> {
    const rows: Array<{ due: string; recent: string }> = await this.recipients.query(
      `SELECT count(*) FILTER (WHERE nudged_at IS NULL OR nudged_at < $3) AS due, count(*) FILTER (WHERE nudged_at >= $3) AS recent
         FROM memo_recipients WHERE memo_id = $1 AND (CASE WHEN $2 THEN opinion_at IS NULL ELSE acknowledged_at IS NULL END)`,
      [memo.id, memo.opinionRequested, since],
    );
    return { due: Number(rows[0]?.due ?? 0), recent: Number(rows[0]?.recent ?? 0) };
  }

  /**
   * Claims one recipient's nudge just before it is sent: only while they have still not answered,
   * the deadline has not passed, and no other nudge reached them in the `gapMs` before this one was
   * asked for. `nudged_at` becomes the time it was asked for, so the same nudge retried claims again
   * (its message id makes the DM once) while any other one within the gap does not.
   */
  async claimNudge(memoId: string, userId: string, requestedAt: Date, gapMs: number): Promise<boolean> {
    const [, affected] = await this.recipients.query<[unknown[], number]>(
      `UPDATE memo_recipients r SET nudged_at = $3
         FROM memos m
        WHERE m.id = r.memo_id AND r.memo_id = $1 AND r.user_id = $2
          AND (m.deadline_at IS NULL OR m.deadline_at > now())
          AND (CASE WHEN m.opinion_requested THEN r.opinion_at IS NULL ELSE r.acknowledged_at IS NULL END)
          AND (r.nudged_at IS NULL OR r.nudged_at = $3 OR r.nudged_at < $3::timestamptz - ($4 || ' milliseconds')::interval)`,
      [memoId, userId, requestedAt, String(gapMs)],
    );
    return affected > 0;
  }

  async sentBy(authorId: string, limit: number): Promise<MemoEntity[]> {
    return this.memos.find({ where: { authorId }, order: { createdAt: 'DESC' }, take: limit });
  }

  async receivedBy(userId: string, limit: number): Promise<Array<{ memo: MemoEntity; receipt: MemoRecipientEntity }>> {
    const receipts = await this.recipients.find({
      where: { userId },
      order: { memo: { createdAt: 'DESC' } },
      take: limit,
      relations: { memo: true },
    });
    return receipts.flatMap((receipt) => (receipt.memo ? [{ memo: receipt.memo, receipt }] : []));
  }

  /** Counts per memo for lists. */
  async counts(
    memoIds: string[],
  ): Promise<Map<string, { total: number; delivered: number; read: number; acknowledged: number; opinions: number }>> {
    if (memoIds.length === 0) return new Map();
    const rows: Array<{
      memo_id: string;
      total: string;
      delivered: string;
      read: string;
      acknowledged: string;
      opinions: string;
    }> = await this.recipients.query(
      `SELECT memo_id, count(*) AS total, count(delivered_at) AS delivered, count(read_at) AS read, count(acknowledged_at) AS acknowledged, count(opinion_at) AS opinions FROM memo_recipients WHERE memo_id = ANY($1::uuid[]) GROUP BY memo_id`,
      [memoIds],
    );
    return new Map(
      rows.map((r) => [
        r.memo_id,
        {
          total: Number(r.total),
          delivered: Number(r.delivered),
          read: Number(r.read),
          acknowledged: Number(r.acknowledged),
          opinions: Number(r.opinions),
        },
      ]),
    );
  }
}
