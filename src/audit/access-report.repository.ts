import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';

export interface ReportLine {
  accountId: string | null;
  login: string | null;
  displayName: string | null;
  action: string;
  count: number;
  /** Of them, outside 07:00–21:00 Korean time. */
  offHours: number;
}

export interface MonthlyReport {
  agency: { id: string; code: string; name: string };
  month: string;
  lines: ReportLine[];
  /** People whose reads in the month exceed the threshold, with their count. */
  flagged: Array<{ accountId: string | null; login: string | null; reads: number }>;
  total: number;
}

/** The agency's monthly review for its privacy officer (개인정보 보호책임자): who did what how often. */
@Injectable()
export class AccessReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findAgency(idOrCode: string): Promise<{ id: string; code: string; name: string } | null> {
    const [row] = await this.dataSource.query<Array<{ id: string; code: string; name: string }>>(
      `SELECT id, code, name FROM agencies WHERE id::text = $1 OR code = $1 LIMIT 1`,
      [idOrCode.trim()],
    );
    return row ?? null;
  }

  /** `month` is YYYY-MM in Korean time; more than `readThreshold` reads by one person is flagged. */
  async monthly(
    agency: { id: string; code: string; name: string },
    month: string,
    readThreshold: number,
  ): Promise<MonthlyReport> {
    const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'Asia/Seoul' });
    const end = start.plus({ months: 1 });
    const rows = await this.dataSource.query<
      Array<{
        account_id: string | null;
        login: string | null;
        display_name: string | null;
        action: string;
        n: number;
        off_hours: number;
      }>
    >(
      `SELECT r.account_id, u.login, u.display_name, r.action, count(*)::int AS n,
              count(*) FILTER (WHERE extract(hour FROM r.occurred_at AT TIME ZONE 'Asia/Seoul') NOT BETWEEN 7 AND 20)::int AS off_hours
         FROM access_records r LEFT JOIN users u ON u.id = r.account_id
        WHERE r.agency_id = $1 AND r.occurred_at >= $2 AND r.occurred_at < $3
        GROUP BY r.account_id, u.login, u.display_name, r.action
        ORDER BY u.login NULLS FIRST, r.action`,
      [agency.id, start.toJSDate(), end.toJSDate()],
    );
    const lines = rows.map((r) => ({
      accountId: r.account_id,
      login: r.login,
      displayName: r.display_name,
      action: r.action,
      count: r.n,
      offHours: r.off_hours,
    }));
    const reads = new Map<string, { accountId: string | null; login: string | null; reads: number }>();
    for (const line of lines.filter((l) => l.action.endsWith('.read'))) {
      const key = line.accountId ?? '';
      const entry = reads.get(key) ?? { accountId: line.accountId, login: line.login, reads: 0 };
      entry.reads += line.count;
      reads.set(key, entry);
    }
    return {
      agency,
      month,
      lines,
      flagged: [...reads.values()].filter((r) => r.reads > readThreshold),
      total: lines.reduce((sum, l) => sum + l.count, 0),
    };
  }
}
