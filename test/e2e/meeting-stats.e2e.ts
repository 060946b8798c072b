import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

/** PC video meetings held in 2014 by month, from the press release in ../shared/seed/README.md. */
const HELD_2014 = [926, 899, 1318, 1115, 1886, 1591, 1969, 1578, 2073, 2934, 5729, 5616];

const WEBHOOK = 'an-event-sync-bearer-token-of-32-chars-or-more';

describe('meeting usage statistics', () => {
  let app: TestApp;
  let admin: ApiClient;
  let member: ApiClient;

  beforeAll(async () => {
    app = await startTestApp(await createTestConfig({ roles: ['api'], env: { JITSI_WEBHOOK_TOKEN: WEBHOOK } }));
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.agency({ code: '1140100', name: '국민권익위원회' });
    await factory.user(mois, { login: 'admin.mois', displayName: '관리자', roles: ['member', 'system_admin'] });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    [admin, member] = await Promise.all(['admin.mois', 'kim.mois'].map((l) => ApiClient.signIn(app.baseUrl, l)));
  });

  afterAll(async () => {
    await app.close();
  });

  it('27,634 meetings spread over 2014 as the seed says, imported through the API, give back that table', async () => {
    const records = HELD_2014.flatMap((count, m) => {
      const first = DateTime.fromObject({ year: 2014, month: m + 1, day: 1 }, { zone: 'Asia/Seoul' });
      const span = first.plus({ months: 1 }).toMillis() - first.toMillis();
      return Array.from({ length: count }, (_, i) => {
        // From 00:00 on the 1st to the last minutes of the month in Seoul: the month edges sit on the previous UTC day.
        const start = first.toMillis() + Math.floor((i / count) * (span - 3_600_000));
        return {
          externalId: `2014-${m + 1}-${i}`,
          title: `영상회의 ${i}`,
          kind: i % 10 === 0 ? 'advisory_committee' : 'meeting',
          agencyCode: i % 3 === 0 ? '1140100' : '1741000',
          startedAt: new Date(start).toISOString(),
          endedAt: new Date(start + 45 * 60_000).toISOString(),
          participants: 4,
        };
      });
    });
    expect(records).toHaveLength(27_634);
    for (let i = 0; i < records.length; i += 5000) {
      const res = await admin.call<{ imported: number; skipped: number }>('POST', '/meetings/records', {
        records: records.slice(i, i + 5000),
      });
      expect(res.status).toBe(200);
    }
    // Importing again keeps one of each.
    const again = await admin.call<{ imported: number; skipped: number }>('POST', '/meetings/records', {
      records: records.slice(0, 1000),
    });
    expect(again.body).toEqual({ imported: 0, skipped: 1000 });

    const report = await admin.call<{
      months: Array<{ meetings: number; participants: number; minutes: number }>;
      total: { meetings: number; byKind: Record<string, number> };
      byAgency: Array<{ code: string; total: number }>;
    }>('GET', '/stats/meetings?year=2014');
    expect(report.status).toBe(200);
    expect(report.body.months.map((m) => m.meetings)).toEqual(HELD_2014);
    expect(report.body.total.meetings).toBe(27_634);
    expect(report.body.months[0]).toMatchObject({ participants: 926 * 4, minutes: 926 * 45 });
    expect(report.body.byAgency.reduce((sum, a) => sum + a.total, 0)).toBe(27_634);
    expect(report.body.total.byKind.advisory_committee).toBe(HELD_2014.reduce((sum, n) => sum + Math.ceil(n / 10), 0));

    const csv = await fetch(`${app.baseUrl}/stats/meetings?year=2014&format=csv`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [head, meetings] = (await csv.text()).split('\r\n');
    expect(head).toBe(',Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Total');
    expect(meetings).toBe(`meetings,${HELD_2014.join(',')},27634`);
    expect((await admin.call('GET', '/stats/meetings?year=2013')).body).toMatchObject({ total: { meetings: 0 } });
  });

  it("counts each attended occurrence of a series, with that day's people and minutes", async () => {
    const lee = await new Factory(app.app).user(
      await new Factory(app.app).agency({ code: '1311000', name: '통계청' }),
      { login: 'lee.kostat', displayName: '이통계' },
    );
    const leeClient = await ApiClient.signIn(app.baseUrl, 'lee.kostat');
    const series = (
      await member.call<{ id: string; startsAt: string }>('POST', '/meetings', {
        title: '주간 점검',
        startsAt: new Date(Date.now() + 60_000).toISOString(),
        durationMinutes: 30,
        userIds: [lee.id],
        recurrence: 'FREQ=WEEKLY;COUNT=3',
      })
    ).body;
    const room = decodeURIComponent(
      new URL((await member.call<{ url: string }>('POST', `/meetings/${series.id}/join`)).body.url).pathname.slice(1),
    );
    await leeClient.call('POST', `/meetings/${series.id}/join`);
    await member.call('POST', `/meetings/${series.id}/leave`);
    await leeClient.call('POST', `/meetings/${series.id}/leave`);
    // The second occurrence, a week on, as the deployment reports it: only Kim, for 40 minutes.
    const kimId = (await member.call<{ id: string }>('GET', '/me')).body.id;
    const second = Math.floor(Date.parse(series.startsAt) / 1000) + 7 * 86_400;
    const post = (path: string, occupant: Record<string, unknown>) =>
      fetch(`${app.baseUrl}/webhooks/jitsi/events/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK}` },
        body: JSON.stringify({ event_name: path, room_name: room, occupant }),
      });
    expect((await post('occupant/joined', { id: kimId, joined_at: second })).status).toBe(200);
    expect((await post('occupant/left', { id: kimId, joined_at: second, left_at: second + 40 * 60 })).status).toBe(200);

    const years = [
      ...new Set(
        [new Date(series.startsAt), new Date(second * 1000)].map(
          (d) => DateTime.fromJSDate(d, { zone: 'Asia/Seoul' }).year,
        ),
      ),
    ];
    const reports = await Promise.all(
      years.map(
        async (year) =>
          (
            await admin.call<{ total: { meetings: number; participants: number; minutes: number } }>(
              'GET',
              `/stats/meetings?year=${year}`,
            )
          ).body.total,
      ),
    );
    expect(reports.reduce((sum, t) => sum + t.meetings, 0)).toBe(2);
    expect(reports.reduce((sum, t) => sum + t.participants, 0)).toBe(3);
    expect(reports.reduce((sum, t) => sum + t.minutes, 0)).toBeGreaterThanOrEqual(41);
  });

  it("gives an agency administrator the figures of their agency and those under it only, and a system administrator everyone's", async () => {
    const factory = new Factory(app.app);
    const forest = await factory.agency({ code: '1400000', name: '산림청' });
    await factory.agency({
      code: '1400100',
      name: '국립산림과학원',
      kind: 'public_institution',
      parentCode: '1400000',
    });
    await factory.user(forest, { login: 'admin.forest', displayName: '산림관리자', roles: ['member', 'agency_admin'] });
    const forestAdmin = await ApiClient.signIn(app.baseUrl, 'admin.forest');
    const record = (externalId: string, agencyCode: string, day: number) => ({
      externalId,
      title: '회의',
      kind: 'meeting',
      agencyCode,
      startedAt: `2015-03-${String(day).padStart(2, '0')}T01:00:00Z`,
      endedAt: `2015-03-${String(day).padStart(2, '0')}T02:00:00Z`,
      participants: 3,
    });
    const records = [
      ...[1, 2, 3, 4, 5].map((d) => record(`scope-forest-${d}`, '1400000', d)),
      ...[6, 7, 8].map((d) => record(`scope-mois-${d}`, '1741000', d)),
      ...[9, 10].map((d) => record(`scope-forest-science-${d}`, '1400100', d)),
    ];
    expect((await admin.call('POST', '/meetings/records', { records })).status).toBe(200);

    type Report = {
      agency: { code: string } | null;
      total: { meetings: number };
      months: Array<{ meetings: number }>;
      byAgency: Array<{ code: string; total: number }>;
    };
    const own = await forestAdmin.call<Report>('GET', '/stats/meetings?year=2015');
    expect(own.status).toBe(200);
    expect(own.body.agency).toMatchObject({ code: '1400000', name: '산림청' });
    expect(own.body.total.meetings).toBe(7);
    expect(own.body.months[2]?.meetings).toBe(7);
    expect(own.body.byAgency).toEqual([
      expect.objectContaining({ code: '1400000', total: 5 }),
      expect.objectContaining({ code: '1400100', total: 2 }),
    ]);
    const csv = await fetch(`${app.baseUrl}/stats/meetings?year=2015&format=csv`, {
      headers: { authorization: `Bearer ${forestAdmin.token}` },
    });
    const lines = (await csv.text()).split('\r\n');
    expect(lines[1]).toBe('meetings,0,0,7,0,0,0,0,0,0,0,0,0,7');
    expect(lines.some((l) => l.startsWith('agency:1741000'))).toBe(false);

    const all = await admin.call<Report>('GET', '/stats/meetings?year=2015');
    expect(all.body.agency).toBeNull();
    expect(all.body.total.meetings).toBe(10);
    expect(all.body.byAgency.map((a) => [a.code, a.total])).toEqual([
      ['1400000', 5],
      ['1741000', 3],
      ['1400100', 2],
    ]);
  });

  it('imports only meetings already held: a record that ends in the future is refused, naming its row, and nothing of that batch is kept', async () => {
    const held = {
      externalId: 'held-just-now',
      title: '방금 끝난 회의',
      kind: 'meeting',
      agencyCode: '1741000',
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
      endedAt: new Date(Date.now() - 60_000).toISOString(),
      participants: 2,
    };
    const future = {
      ...held,
      externalId: 'held-2099',
      title: '미래 회의',
      startedAt: '2099-05-01T01:00:00Z',
      endedAt: '2099-05-01T02:00:00Z',
    };
    const refused = await admin.call<{
      code: string;
      message: string;
      details: { rows: Array<{ index: number; field: string; externalId: string | null }> };
    }>('POST', '/meetings/records', { records: [held, future] });
    expect([refused.status, refused.body.code]).toEqual([400, 'MEETING_RECORD_NOT_HELD']);
    expect(refused.body.details.rows).toEqual([{ index: 1, field: 'records[1].endedAt', externalId: 'held-2099' }]);
    expect(refused.body.message).toContain('records[1]');
    expect(refused.body.message).toContain('held-2099');
    expect(
      (await admin.call<{ total: { meetings: number } }>('GET', '/stats/meetings?year=2099')).body.total.meetings,
    ).toBe(0);
    // Without the future row, the one already held goes in.
    expect((await admin.call('POST', '/meetings/records', { records: [held] })).body).toEqual({
      imported: 1,
      skipped: 0,
    });
  });

  it('is for administrators, and says what is wrong with a bad year', async () => {
    const refused = await member.call<{ code: string }>('GET', '/stats/meetings?year=2014');
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await member.call<{ code: string }>('POST', '/meetings/records', { records: [] })).body.code).toBe(
      'MEETING_NOT_ADMIN',
    );
    const bad = await admin.call<{ code: string }>('GET', '/stats/meetings?year=14x');
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
