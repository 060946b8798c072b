import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { HeldMeetingRepository } from './held-meeting.repository.js';
import { MeetingKind } from '../meetings/meetings.types.js';
import { statsForbidden } from './stats.access.js';

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export interface MonthFigures {
  meetings: number;
  participants: number;
  minutes: number;
}

export interface MeetingReport {
  year: number;
  timeZone: string;
  /** The one agency the figures are limited to (an agency administrator's own), or null for the whole government. */
  agency: { id: string; code: string; name: string } | null;
  months: Array<MonthFigures & { month: number; byKind: Record<MeetingKind, number> }>;
  total: MonthFigures & { byKind: Record<MeetingKind, number> };
  byAgency: Array<{ agencyId: string; code: string; name: string; months: number[]; total: number }>;
}

const zeroKinds = (): Record<MeetingKind, number> => ({
  [MeetingKind.Meeting]: 0,
  [MeetingKind.AdvisoryCommittee]: 0,
  [MeetingKind.Consultation]: 0,
});

/** Meetings held per month, the shape of the usage table in the 2014 press release. */
@Injectable()
export class MeetingStatsService {
  constructor(
    private readonly meetings: HeldMeetingRepository,
    private readonly agencies: AgencyRepository,
    private readonly access: AccessService,
  ) {}

  /**
   * The report a person may read: system administrators see every agency, an agency administrator
   * their own agency's meetings and those of the agencies under it, and nobody else any.
   */
  async reportFor(principal: Principal, year: number): Promise<MeetingReport> {
    // A system administrator's report is the whole government's; anyone else's is their agency's (and those under it), if the stats policy lets them read it.
    if (principal.roles.includes(UserRole.SystemAdmin)) return this.report(year);
    const agencyId = principal.agencyId;
    if (!agencyId || !(await this.access.allowed(principal, 'stats.read', [agencyId])).has(agencyId))
      throw statsForbidden();
    return this.report(year, 'Asia/Seoul', agencyId, await this.agencies.subtreeIds(agencyId));
  }

  /** `agencyId` names the report's scope; `agencyIds` (the scope and those under it) the meetings counted. */
  async report(
    year: number,
    timeZone = 'Asia/Seoul',
    agencyId: string | null = null,
    agencyIds: string[] | null = agencyId ? [agencyId] : null,
  ): Promise<MeetingReport> {
    const rows = await this.meetings.monthlyHeld(year, timeZone, agencyIds);
    const scope = agencyId ? await this.agencies.findById(agencyId) : null;
    const months = Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      meetings: 0,
      participants: 0,
      minutes: 0,
      byKind: zeroKinds(),
    }));
    const total = { meetings: 0, participants: 0, minutes: 0, byKind: zeroKinds() };
    const perAgency = new Map<string, number[]>();
    for (const row of rows) {
      const month = months[row.month - 1];
      if (!month) continue;
      for (const target of [month, total]) {
        target.meetings += row.meetings;
        target.participants += row.participants;
        target.minutes += row.minutes;
        target.byKind[row.kind] += row.meetings;
      }
      const counts = perAgency.get(row.agencyId) ?? Array.from({ length: 12 }, () => 0);
      counts[row.month - 1] = (counts[row.month - 1] ?? 0) + row.meetings;
      perAgency.set(row.agencyId, counts);
    }
    const names = new Map((await this.agencies.findByIds([...perAgency.keys()])).map((a) => [a.id, a]));
    const byAgency = [...perAgency].map(([agencyId, counts]) => ({
      agencyId,
      code: names.get(agencyId)?.code ?? '',
      name: names.get(agencyId)?.name ?? '',
      months: counts,
      total: counts.reduce((a, b) => a + b, 0),
    }));
    byAgency.sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
    return {
      year,
      timeZone,
      agency: scope ? { id: scope.id, code: scope.code, name: scope.name } : null,
      months,
      total,
      byAgency,
    };
  }
}

/** The report as CSV: one row per figure, a column per month and the year's total. */
export function reportCsv(report: MeetingReport): string {
  const line = (label: string, values: number[], sum: number) => [label, ...values, sum].join(',');
  return (
    [
      ['', ...MONTHS, 'Total'].join(','),
      line(
        'meetings',
        report.months.map((m) => m.meetings),
        report.total.meetings,
      ),
      line(
        'participants',
        report.months.map((m) => m.participants),
        report.total.participants,
      ),
      line(
        'minutes',
        report.months.map((m) => m.minutes),
        report.total.minutes,
      ),
      ...Object.values(MeetingKind).map((kind) =>
        line(
          `meetings:${kind}`,
          report.months.map((m) => m.byKind[kind]),
          report.total.byKind[kind],
        ),
      ),
      ...report.byAgency.map((a) => line(`agency:${a.code}`, a.months, a.total)),
    ].join('\r\n') + '\r\n'
  );
}

/** The report as the press release prints it: months across, with thousands separators. */
export function reportTable(report: MeetingReport): string {
  const cells = [...report.months.map((m) => m.meetings), report.total.meetings].map((n) => n.toLocaleString('en-US'));
  const heads = [...MONTHS, 'Total'];
  const widths = heads.map((h, i) => Math.max(h.length, cells[i]?.length ?? 0));
  const row = (values: string[]) => `| ${values.map((v, i) => v.padStart(widths[i] ?? 0)).join(' | ')} |`;
  return (
    [
      `PC video meetings held in ${report.year} (${report.timeZone})`,
      row(heads),
      `|${widths.map((w) => '-'.repeat(w + 1) + ':').join('|')}|`,
      row(cells),
    ].join('\n') + '\n'
  );
}
