import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { AccessRecordRepository, type AccessRecordRow } from '../../src/audit/access-record.repository.js';
import type { StaffSlotView } from '../../src/consultations/consultation-availability.service.js';
import type { StaffConsultationView } from '../../src/consultations/consultation.service.js';
import { UnitOfWork } from '../../src/database/unit-of-work.js';
import { UserRole } from '../../src/identity/identity.types.js';
import { withAdmin } from '../setup/services.js';
import { runAdminCli } from '../utils/admin-cli.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

type RecordRow = AccessRecordRow;

describe('access records (접속기록): recorded with each read and change, hash-chained, verified by the CLI', () => {
  let api: TestApp;
  let inv: ApiClient;
  let admin: ApiClient;
  let ids: { inv: string; member: string; agency: string };
  let consultationId: string;

  const sql = async <T extends object>(text: string, params: unknown[] = []) =>
    (await withAdmin(api.config.database.url, (c) => c.query<T>(text, params))).rows;
  const cli = (...args: string[]) => runAdminCli(api.config, args);
  /** Runs statements with the append-only trigger off, as someone tampering with the table would. */
  const tamper = (statement: string, params: unknown[] = []) =>
    withAdmin(api.config.database.url, async (c) => {
      await c.query('BEGIN');
      await c.query('ALTER TABLE access_records DISABLE TRIGGER access_records_append_only');
      await c.query(statement, params);
      await c.query('ALTER TABLE access_records ENABLE TRIGGER access_records_append_only');
      await c.query('COMMIT');
    });

  beforeAll(async () => {
    api = await startTestApp(await createTestConfig({ roles: ['api'] }));
    const factory = new Factory(api.app);
    const agency = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    const users = {
      admin: await factory.user(agency, {
        login: 'admin.acrc',
        displayName: '관리자',
        roles: [UserRole.Member, UserRole.AgencyAdmin],
      }),
      inv: await factory.user(agency, {
        login: 'inv.acrc',
        displayName: '김조사',
        roles: [UserRole.Member, UserRole.ComplaintInvestigator],
      }),
      member: await factory.user(agency, { login: 'member.acrc', displayName: '최직원' }),
    };
    ids = { inv: users.inv.id, member: users.member.id, agency: agency.id };
    [inv, admin] = await Promise.all(['inv.acrc', 'admin.acrc'].map((l) => ApiClient.signIn(api.baseUrl, l)));
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    expect(
      (
        await inv.call('PUT', '/consultations/schedule', {
          slotMinutes: 30,
          bufferAfterMinutes: 0,
          minNoticeMinutes: 0,
          horizonDays: 10,
          weeklyRules: always,
          topicIds: [],
        })
      ).status,
    ).toBe(200);
    const slots = await inv.call<StaffSlotView[]>(
      'GET',
      `/consultations/slots?from=${encodeURIComponent(DateTime.now().plus({ days: 1 }).toISO() ?? '')}&days=2`,
    );
    expect(slots.status).toBe(200);
    const booked = await inv.call<StaffConsultationView>('POST', '/consultations', {
      startsAt: slots.body[0]?.startsAt,
      email: 'citizen@example.kr',
      name: '홍길동',
      summary: '주차 과태료 이의',
    });
    expect(booked.status).toBe(201);
    consultationId = booked.body.id;
  }, 120_000);

  afterAll(async () => {
    await api.close();
  });

  it("records an investigator's booking and read, with the account, the client's address and the consultation, before answering", async () => {
    // TRUST_PROXY is loopback by default: the proxy's X-Forwarded-For names the client.
    const res = await fetch(`${api.baseUrl}/consultations/${consultationId}`, {
      headers: { authorization: `Bearer ${inv.token}`, 'x-forwarded-for': '203.0.113.7' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as StaffConsultationView;
    expect(body.id).toBe(consultationId);
    const rows = await sql<RecordRow>(
      `SELECT * FROM access_records WHERE subject_type = 'consultation' AND subject_id = $1 ORDER BY seq`,
      [consultationId],
    );
    expect(rows.map((r) => r.action)).toEqual(['consultation.booked', 'consultation.read', 'consultation.read']);
    const read = rows[2];
    expect(read).toMatchObject({ account_id: ids.inv, address: '203.0.113.7', agency_id: ids.agency });
    // The personal data itself is not in the record.
    expect(JSON.stringify(rows)).not.toContain('홍길동');
    expect(JSON.stringify(rows)).not.toContain('citizen@example.kr');
    // Kept two years.
    expect(
      DateTime.fromJSDate(read?.keep_until ?? new Date()).diff(
        DateTime.fromJSDate(read?.occurred_at ?? new Date()),
        'years',
      ).years,
    ).toBe(2);
  });

  it('records role grants and removals, kept three years', async () => {
    expect(
      (
        await admin.call('PUT', `/admin-api/users/${ids.member}/roles`, {
          roles: [UserRole.Member, UserRole.ComplaintInvestigator],
        })
      ).status,
    ).toBe(200);
    expect((await admin.call('PUT', `/admin-api/users/${ids.member}/roles`, { roles: [UserRole.Member] })).status).toBe(
      200,
    );
    const rows = await sql<RecordRow>(
      `SELECT * FROM access_records WHERE subject_type = 'user' AND subject_id = $1 ORDER BY seq`,
      [ids.member],
    );
    expect(rows.map((r) => [r.action, r.detail])).toEqual([
      ['role.granted', UserRole.ComplaintInvestigator],
      ['role.removed', UserRole.ComplaintInvestigator],
    ]);
    expect(
      DateTime.fromJSDate(rows[0]?.keep_until ?? new Date()).diff(
        DateTime.fromJSDate(rows[0]?.occurred_at ?? new Date()),
        'years',
      ).years,
    ).toBe(3);
  });

  it('keeps one chain when many write at once', async () => {
    const records = api.app.get(AccessRecordRepository);
    const uow = api.app.get(UnitOfWork);
    const event = (n: number) => ({
      accountId: ids.inv,
      address: '127.0.0.1',
      agencyId: ids.agency,
      action: 'consultation.read',
      subjectType: 'consultation',
      subjectId: `${consultationId}`,
      detail: `concurrent ${n}`,
    });
    await Promise.all([
      ...Array.from({ length: 24 }, (_, n) => uow.run((tx) => records.append(tx, [event(n), event(n + 100)]))),
      ...Array.from({ length: 8 }, () =>
        inv.call('GET', `/consultations/${consultationId}`).then((r) => expect(r.status).toBe(200)),
      ),
    ]);
    const seqs = (await sql<{ seq: string }>(`SELECT seq FROM access_records ORDER BY seq`)).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const verdict = await records.verify();
    expect(verdict).toEqual({ ok: true, count: seqs.length, lastSeq: seqs.length });
  });

  it('refuses UPDATE and DELETE of a record within its retention', async () => {
    await expect(sql(`UPDATE access_records SET address = '10.0.0.1' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM access_records WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(sql(`TRUNCATE access_records`)).rejects.toThrow(/append-only/);
  });

  it("prints the agency's monthly review with counts per person and action, flagging heavy readers", async () => {
    const month = DateTime.now().setZone('Asia/Seoul').toFormat('yyyy-MM');
    const report = await cli('audit', 'report', '--agency', '1140100', '--month', month, '--threshold', '3');
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/inv\.acrc\t김조사\tconsultation\.booked\t1\t/);
    expect(report.stdout).toMatch(/admin\.acrc\t관리자\trole\.granted\t1\t/);
    expect(report.stdout).toMatch(/FLAGGED inv\.acrc: \d+ reads \(more than 3\)/);
    const bad = await cli('audit', 'report', '--agency', '1140100', '--month', '2026-13');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--month');
  }, 120_000);
  it('`audit verify` passes, then names a changed row, then a deleted one', async () => {
    const count = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM access_records`))[0]?.n);
    const ok = await cli('audit', 'verify');
    expect([ok.code, ok.stdout.trim()]).toEqual([0, `OK: ${count} access records, chain intact through row ${count}`]);

    const [target] = await sql<RecordRow>(`SELECT * FROM access_records WHERE seq = 3`);
    await tamper(`UPDATE access_records SET address = '10.9.9.9' WHERE seq = 3`);
    const changed = await cli('audit', 'verify');
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('BROKEN at row 3: its contents do not match its hash');
    await tamper(`UPDATE access_records SET address = $1 WHERE seq = 3`, [target?.address]);
    expect((await cli('audit', 'verify')).code).toBe(0);

    await tamper(`DELETE FROM access_records WHERE seq = 5`);
    const deleted = await cli('audit', 'verify');
    expect(deleted.code).toBe(1);
    expect(deleted.stdout).toContain('BROKEN at row 5: missing: rows 5..5 were deleted');

    // The last row deleted is noticed through the chain head.
    await tamper(`DELETE FROM access_records WHERE seq >= 5`);
    const tail = await cli('audit', 'verify');
    expect(tail.code).toBe(1);
    expect(tail.stdout).toContain(`BROKEN at row 5: missing: rows 5..${count}`);
  }, 120_000);
});
