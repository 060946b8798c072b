import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, QueryFailedError, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { ConsultationEntity } from './consultation.entity.js';

export type NewConsultation = Pick<
  ConsultationEntity,
  | 'agencyId'
  | 'topicId'
  | 'investigatorId'
  | 'status'
  | 'startsAt'
  | 'endsAt'
  | 'blockedFrom'
  | 'blockedUntil'
  | 'holdExpiresAt'
  | 'citizenName'
  | 'citizenEmail'
  | 'citizenPhone'
  | 'summary'
  | 'caseNumber'
  | 'locale'
  | 'timeZone'
  | 'privacyAcceptedAt'
  | 'bookedVia'
  | 'bookedBy'
  | 'confirmTokenHash'
  | 'sourceKey'
  | 'confirmedAt'
>;

/** A stretch of an investigator's time held by a booking (buffers included). */
export interface BusyRange {
  investigatorId: string;
  startsAt: Date;
  from: Date;
  until: Date;
}

const EXCLUSION_VIOLATION = '23P01';
/** lock_not_available: lock_timeout ran out while waiting for a competing booking. */
const LOCK_NOT_AVAILABLE = '55P03';
/**
 * deadlock_detected: two inserts over the same time each found the other's uncommitted row in the
 * exclusion index and waited for it; PostgreSQL aborts one, and the other goes on to hold the time.
 */
const DEADLOCK_DETECTED = '40P01';

/** Bookings: the consultations rows (investigators' schedules, topics and closures are ConsultationSettingsRepository's). */
@Injectable()
export class ConsultationRepository {
  constructor(@InjectRepository(ConsultationEntity) private readonly consultations: Repository<ConsultationEntity>) {}

  /** Time held by pending (still within their hold) and confirmed bookings of the investigators, overlapping the range. */
  async busy(investigatorIds: string[], from: Date, to: Date, now: Date): Promise<BusyRange[]> {
    if (investigatorIds.length === 0) return [];
    const rows: Array<{ investigator_id: string; starts_at: Date; blocked_from: Date; blocked_until: Date }> =
      await this.consultations.query(
        `SELECT investigator_id, starts_at, blocked_from, blocked_until FROM consultations
        WHERE investigator_id = ANY($1::uuid[]) AND blocked_until > $2 AND blocked_from < $3
          AND (status = 'confirmed' OR (status = 'pending' AND hold_expires_at > $4))`,
        [investigatorIds, from, to, now],
      );
    return rows.map((r) => ({
      investigatorId: r.investigator_id,
      startsAt: r.starts_at,
      from: r.blocked_from,
      until: r.blocked_until,
    }));
  }

  /**
   * Takes the investigator's time for a booking. Pending holds that ran out over the same time are
   * expired first; then the exclusion constraint decides, so of any number of concurrent bookings
   * of one time exactly one commits. Returns null when the time is taken (the transaction is then
   * aborted; the caller throws).
   */
  async insertHolding(tx: Tx, row: NewConsultation, now: Date): Promise<ConsultationEntity | null> {
    await tx.manager.query(
      `UPDATE consultations SET status = 'expired', confirm_token_hash = NULL, updated_at = now()
        WHERE investigator_id = $1 AND status = 'pending' AND hold_expires_at <= $4
          AND tstzrange(blocked_from, blocked_until, '[)') && tstzrange($2, $3, '[)')`,
      [row.investigatorId, row.blockedFrom, row.blockedUntil, now],
    );
    try {
      const result = await tx.manager
        .createQueryBuilder()
        .insert()
        .into(ConsultationEntity)
        .values(row)
        .returning('id')
        .execute();
      const id = (result.raw as Array<{ id: string }>)[0]?.id ?? '';
      return await tx.manager.findOneByOrFail(ConsultationEntity, { id });
    } catch (error) {
      if (isTakenError(error)) return null;
      throw error;
    }
  }

  /** Moves a booking to another time; null when that time is taken (the transaction is then aborted). */
  async moveHolding(
    tx: Tx,
    id: string,
    patch: { startsAt: Date; endsAt: Date; blockedFrom: Date; blockedUntil: Date },
    now: Date,
    investigatorId: string,
  ): Promise<boolean> {
    await tx.manager.query(
      `UPDATE consultations SET status = 'expired', confirm_token_hash = NULL, updated_at = now()
        WHERE investigator_id = $1 AND status = 'pending' AND hold_expires_at <= $4 AND id <> $5
          AND tstzrange(blocked_from, blocked_until, '[)') && tstzrange($2, $3, '[)')`,
      [investigatorId, patch.blockedFrom, patch.blockedUntil, now, id],
    );
    try {
      await tx.manager.update(ConsultationEntity, { id }, { ...patch, remindedOffsets: [] });
      return true;
    } catch (error) {
      if (isTakenError(error)) return false;
      throw error;
    }
  }

  /**
   * Bounds how long the transaction waits for another booking's lock (the exclusion constraint
   * waits for a competing insert to commit or roll back): a citizen gets an answer, not a hang.
   */
  async limitLockWait(tx: Tx, milliseconds: number): Promise<void> {
    await tx.manager.query(`SELECT set_config('lock_timeout', $1, true)`, [`${milliseconds}ms`]);
  }

  /** Serialises bookings of one investigator's local day, so the daily cap holds under concurrency. */
  async lockDay(tx: Tx, investigatorId: string, day: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `consult-day|${investigatorId}|${day}`,
    ]);
  }

  async countHoldingBetween(tx: Tx, investigatorId: string, from: Date, to: Date, now: Date): Promise<number> {
    const rows: Array<{ n: string }> = await tx.manager.query(
      `SELECT count(*) AS n FROM consultations WHERE investigator_id = $1 AND starts_at >= $2 AND starts_at < $3
          AND (status = 'confirmed' OR (status = 'pending' AND hold_expires_at > $4))`,
      [investigatorId, from, to, now],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Each consultation's agency, for the access records of a read or change. */
  async agenciesOf(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await tx.manager
      .getRepository(ConsultationEntity)
      .find({ select: { id: true, agencyId: true }, where: { id: In([...ids]) } });
    return new Map(rows.map((r) => [r.id, r.agencyId]));
  }

  /** Of these consultations, each one's agency and investigator (one statement at any number; an unknown id is left out). */
  async scopes(ids: readonly string[]): Promise<Array<Pick<ConsultationEntity, 'id' | 'agencyId' | 'investigatorId'>>> {
    return ids.length === 0
      ? []
      : this.consultations.find({
          select: { id: true, agencyId: true, investigatorId: true },
          where: { id: In([...ids]) },
        });
  }

  async findById(id: string, tx?: Tx): Promise<ConsultationEntity | null> {
    return (tx ? tx.manager.getRepository(ConsultationEntity) : this.consultations).findOneBy({ id });
  }

  async findBySourceKey(sourceKey: string): Promise<ConsultationEntity | null> {
    return this.consultations.findOneBy({ sourceKey });
  }

  async lock(tx: Tx, id: string): Promise<ConsultationEntity | null> {
    return tx.manager
      .getRepository(ConsultationEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  async lockByConfirmHash(tx: Tx, hash: string): Promise<ConsultationEntity | null> {
    return tx.manager
      .getRepository(ConsultationEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.confirm_token_hash = :hash', { hash })
      .getOne();
  }

  async findByConfirmHash(hash: string): Promise<ConsultationEntity | null> {
    return this.consultations.createQueryBuilder('c').where('c.confirm_token_hash = :hash', { hash }).getOne();
  }

  async findIdByManageHash(hash: string): Promise<string | null> {
    const row = await this.consultations
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.manage_token_hash = :hash', { hash })
      .getRawOne<{ id: string }>();
    return row?.id ?? null;
  }

  async update(
    tx: Tx | undefined,
    id: string,
    patch: Partial<Omit<ConsultationEntity, 'id' | 'createdAt' | 'updatedAt'>>,
  ): Promise<void> {
    await (tx ? tx.manager : this.consultations.manager).update(ConsultationEntity, { id }, patch);
  }

  /** Bookings of the agency (or of one investigator) starting in the range, soonest first. */
  async list(filter: {
    agencyId: string;
    investigatorId?: string;
    from: Date;
    to: Date;
    statuses?: string[];
  }): Promise<ConsultationEntity[]> {
    const query = this.consultations
      .createQueryBuilder('c')
      .where('c.agency_id = :agencyId AND c.starts_at >= :from AND c.starts_at < :to', {
        agencyId: filter.agencyId,
        from: filter.from,
        to: filter.to,
      })
      .orderBy('c.starts_at', 'ASC')
      .limit(500);
    if (filter.investigatorId)
      query.andWhere('c.investigator_id = :investigatorId', { investigatorId: filter.investigatorId });
    if (filter.statuses) query.andWhere('c.status IN (:...statuses)', { statuses: filter.statuses });
    return query.getMany();
  }

  /** Confirmed bookings that may still have a reminder to send. */
  async listRemindable(after: Date): Promise<ConsultationEntity[]> {
    return this.consultations
      .createQueryBuilder('c')
      .where(`c.status = 'confirmed' AND c.starts_at > :after`, { after })
      .getMany();
  }

  /** Records a reminder for the booking's current start as sent; false when it had been, or the booking moved or ended. */
  async markReminded(tx: Tx, id: string, startsAt: Date, offsetMinutes: number): Promise<boolean> {
    const [, count]: [unknown, number] = await tx.manager.query(
      `UPDATE consultations SET reminded_offsets = array_append(reminded_offsets, $3)
        WHERE id = $1 AND status = 'confirmed' AND starts_at = $2 AND NOT ($3 = ANY(reminded_offsets))`,
      [id, startsAt, offsetMinutes],
    );
    return count > 0;
  }

  /** Pending holds past their time become expired and stop holding anything. */
  async expireHolds(now: Date): Promise<number> {
    const [, count]: [unknown, number] = await this.consultations.query(
      `UPDATE consultations SET status = 'expired', confirm_token_hash = NULL, updated_at = now() WHERE status = 'pending' AND hold_expires_at <= $1`,
      [now],
    );
    return count;
  }

  /**
   * Clears the citizen's data from consultations that ended before `before` (and from their video
   * meeting's guest row); returns the ids cleared.
   */
  async anonymise(
    tx: Tx,
    before: Date,
    now: Date,
    limit: number,
  ): Promise<Array<{ id: string; meetingId: string | null }>> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM's query().
    const [rows]: [Array<{ id: string; meeting_id: string | null }>, number] = await tx.manager.query(
      `UPDATE consultations SET citizen_name = NULL, citizen_email = NULL, citizen_phone = NULL, summary = NULL, case_number = NULL,
              outcome_notes = NULL, confirm_token_hash = NULL, manage_token_hash = NULL, anonymised_at = $2, updated_at = now()
        WHERE id IN (SELECT id FROM consultations WHERE anonymised_at IS NULL AND ends_at < $1
                      ORDER BY ends_at LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id, meeting_id`,
      [before, now, limit],
    );
    const meetingIds = rows.flatMap((r) => (r.meeting_id ? [r.meeting_id] : []));
    if (meetingIds.length > 0) {
      await tx.manager.query(
        `UPDATE meeting_participants SET display_name = '-', email = 'redacted-' || id || '@invalid', guest_token_hash = NULL
          WHERE meeting_id = ANY($1::uuid[]) AND user_id IS NULL`,
        [meetingIds],
      );
    }
    return rows.map((r) => ({ id: r.id, meetingId: r.meeting_id }));
  }
}

/** The time is held by another booking: committed (the constraint), still deciding (the lock wait ran out), or winning a deadlock. */
function isTakenError(error: unknown): boolean {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
  return code === EXCLUSION_VIOLATION || code === LOCK_NOT_AVAILABLE || code === DEADLOCK_DETECTED;
}
