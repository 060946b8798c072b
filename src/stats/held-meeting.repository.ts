import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MeetingKind } from '../meetings/meetings.types.js';

/** A held meeting from before Ieum, for the usage report. */
export interface MeetingRecord {
  title: string;
  kind: MeetingKind;
  agencyId: string;
  startedAt: Date;
  endedAt: Date;
  participants: number;
  timeZone: string;
  videoRoom: string;
  sourceKey: string | null;
}

export interface MonthRow {
  month: number;
  kind: MeetingKind;
  agencyId: string;
  meetings: number;
  participants: number;
  minutes: number;
}

/**
 * Held meetings as the usage report counts them, over the meetings tables: the records imported
 * from before Ieum (written as ended meetings, without participants) and the monthly figures.
 */
@Injectable()
export class HeldMeetingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Held meetings imported in one statement; a record whose source key exists is skipped. */
  async insertRecords(records: MeetingRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO meetings (title, kind, status, agency_id, starts_at, duration_minutes, time_zone, video_room, source_key,
                             started_at, ended_at, attended_count, attended_minutes, reminder_minutes)
       SELECT t.title, t.kind, 'ended', t.agency_id, t.started_at,
              greatest(1, least(1440, ceil(extract(epoch FROM t.ended_at - t.started_at) / 60)))::int, t.time_zone, t.video_room, t.source_key,
              t.started_at, t.ended_at, t.participants, ceil(extract(epoch FROM t.ended_at - t.started_at) / 60)::int, '{}'
         FROM unnest($1::varchar[], $2::varchar[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::varchar[], $8::varchar[], $9::varchar[])
              AS t(title, kind, agency_id, started_at, ended_at, participants, time_zone, video_room, source_key)
       ON CONFLICT (source_key) WHERE source_key IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        records.map((r) => r.title),
        records.map((r) => r.kind),
        records.map((r) => r.agencyId),
        records.map((r) => r.startedAt),
        records.map((r) => r.endedAt),
        records.map((r) => r.participants),
        records.map((r) => r.timeZone),
        records.map((r) => r.videoRoom),
        records.map((r) => r.sourceKey),
      ],
    );
    return rows.length;
  }

  /**
   * Held meetings per month of `year` in `timeZone`, by kind and agency. A one-off meeting counts
   * once when it has started (its figures come from ending it, or from an imported record); a
   * series counts each occurrence someone attended, taken as the local days its attendance falls
   * on, with the people who joined that day and the minutes from the first join to the last leave.
   */
  async monthlyHeld(year: number, timeZone: string, agencyIds: string[] | null): Promise<MonthRow[]> {
    const rows: Array<{
      month: number;
      kind: MeetingKind;
      agency_id: string;
      meetings: string;
      participants: string;
      minutes: string;
    }> = await this.dataSource.query(
      `WITH held AS (
         SELECT started_at AS at, kind, agency_id, coalesce(attended_count, 0) AS participants, coalesce(attended_minutes, 0) AS minutes
           FROM meetings
          WHERE recurrence IS NULL AND status IN ('started','ended') AND started_at IS NOT NULL
         UNION ALL
         SELECT min(a.joined_at), m.kind, m.agency_id, count(DISTINCT a.participant_id),
                greatest(1, ceil(extract(epoch FROM max(coalesce(a.left_at, a.joined_at)) - min(a.joined_at)) / 60))::int
           FROM meetings m JOIN meeting_attendance a ON a.meeting_id = m.id
          WHERE m.recurrence IS NOT NULL
          GROUP BY m.id, m.kind, m.agency_id, (a.joined_at AT TIME ZONE m.time_zone)::date
       )
       SELECT extract(month FROM at AT TIME ZONE $2)::int AS month, kind, agency_id,
              count(*) AS meetings, sum(participants) AS participants, sum(minutes) AS minutes
         FROM held
        WHERE at >= (make_timestamp($1, 1, 1, 0, 0, 0) AT TIME ZONE $2)
          AND at < (make_timestamp($1 + 1, 1, 1, 0, 0, 0) AT TIME ZONE $2)
          AND ($3::uuid[] IS NULL OR agency_id = ANY($3::uuid[]))
        GROUP BY 1, 2, 3`,
      [year, timeZone, agencyIds],
    );
    return rows.map((r) => ({
      month: r.month,
      kind: r.kind,
      agencyId: r.agency_id,
      meetings: Number(r.meetings),
      participants: Number(r.participants),
      minutes: Number(r.minutes),
    }));
  }
}
