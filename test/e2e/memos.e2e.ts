import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { MemoNoticesJob } from '../../src/memos/memo-notices.job.js';
import { BotMessenger } from '../../src/commands/bot-messenger.service.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import type { FileView } from '../../src/files/file.service.js';
import { MemoService, type MemoStatus, type MemoView } from '../../src/memos/memo.service.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient, commandOutcome, eventually, record, type ClientSocket } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, waitForJobs, type TestApp } from '../utils/test-app.js';

type Who = 'kim' | 'lee' | 'choi' | 'jung' | 'han';

describe('memo reports: addressees frozen at send, the live table, nudges, exports', () => {
  let api: TestApp;
  let worker: TestApp;
  let factory: Factory;
  let moefAgency: Awaited<ReturnType<Factory['agency']>>;
  const clients = {} as Record<Who, ApiClient>;
  const ids = {} as Record<Who, string>;
  const agencies = {} as Record<'mois' | 'moef' | 'acrc', string>;
  let kimSocket: ClientSocket;
  let memo: MemoView;
  let memoFile: FileView;
  let hanFile: FileView;

  const upload = async (who: Who, name: string, content: string): Promise<FileView> => {
    const res = await fetch(`${api.baseUrl}/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clients[who].token}`, 'content-type': 'application/octet-stream' },
      body: content,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as FileView;
  };
  const botMessages = (who: Who) =>
    withAdmin(api.config.database.url, async (c) =>
      (
        await c.query<{ body: string }>(
          `SELECT m.body FROM messages m JOIN users s ON s.id = m.sender_id AND s.login = 'bot.memo' JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $1 ORDER BY m.created_at`,
          [ids[who]],
        )
      ).rows.map((r) => r.body),
    );
  const status = async () => (await clients.kim.call<MemoStatus>('GET', `/memos/${memo.id}/status`)).body;

  beforeAll(async () => {
    const config = await createTestConfig();
    api = await startTestApp({ ...config, roles: new Set(['api']) });
    worker = await startTestApp({ ...config, roles: new Set(['worker']) });
    factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const moef = await factory.agency({ code: '1051000', name: '기획재정부' });
    const acrc = await factory.agency({ code: '1250000', name: '국민권익위원회' });
    Object.assign(agencies, { mois: mois.id, moef: moef.id, acrc: acrc.id });
    moefAgency = moef;
    const people: Array<[Who, typeof mois, string]> = [
      ['kim', mois, '김행안'],
      ['lee', mois, '이행안'],
      ['choi', moef, '최기재'],
      ['jung', moef, '정기재'],
      ['han', acrc, '한권익'],
    ];
    for (const [who, agency, name] of people)
      ids[who] = (await factory.user(agency, { login: `${who}.${agency.code}`, displayName: name })).id;
    for (const [who, agency] of people) clients[who] = await ApiClient.signIn(api.baseUrl, `${who}.${agency.code}`);
    // Someone who left the service is not reached.
    const gone = await factory.user(acrc, { login: 'gone.1250000', displayName: '퇴직자' });
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [gone.id]),
    );
    kimSocket = await clients.kim.socket();
  });

  afterAll(async () => {
    kimSocket.disconnect();
    await worker.close();
    await api.close();
  });

  it('a memo to two agencies reaches every active member of both as they were at send, with its file', async () => {
    memoFile = await upload('kim', '2027 예산안.txt', '인건비 100\n');
    const sent = await clients.kim.call<MemoView>('POST', '/memos', {
      title: '2027년 예산 편성 의견 조회',
      body: '첨부한 안에 대한 의견을 기한까지 주십시오.',
      agencyIds: [agencies.moef, agencies.acrc],
      deadlineAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      opinionRequested: true,
      fileIds: [memoFile.id],
      idempotencyKey: 'memo-budget-2027',
    });
    expect(sent.status).toBe(201);
    memo = sent.body;
    expect(memo.counts).toMatchObject({ total: 3, read: 0, acknowledged: 0, opinions: 0 });
    expect(memo.addressees.map((a) => a.name).sort()).toEqual(['국민권익위원회', '기획재정부']);
    const again = await clients.kim.call<MemoView>('POST', '/memos', {
      title: 'x',
      body: 'y',
      agencyIds: [agencies.moef],
      idempotencyKey: 'memo-budget-2027',
    });
    expect([again.status, again.body.id]).toEqual([200, memo.id]);

    // Someone who joins the ministry after the memo was sent is not a recipient.
    const newcomer = await factory.user(moefAgency, { login: 'new.1051000', displayName: '신규자' });
    await waitForJobs(worker.app);
    expect((await status()).rows.map((r) => r.displayName).sort()).toEqual(['정기재', '최기재', '한권익']);
    expect((await status()).rows.some((r) => r.userId === newcomer.id)).toBe(false);
    for (const who of ['choi', 'jung', 'han'] as Who[])
      expect(
        (await botMessages(who)).filter((b) => b.startsWith('📨 메모보고: 2027년 예산 편성 의견 조회')),
      ).toHaveLength(1);
    expect(await botMessages('lee')).toEqual([]);
    const file = await fetch(`${api.baseUrl}/files/${memoFile.id}/content`, {
      headers: { authorization: `Bearer ${clients.choi.token}` },
    });
    expect(await file.text()).toBe('인건비 100\n');
  });

  it('reads, acknowledgements and opinions update the author’s table in real time', async () => {
    const events = record(kimSocket, 'memo.status');
    expect((await clients.choi.call<MemoView>('GET', `/memos/${memo.id}`)).body.mine?.readAt).not.toBeNull();
    // Each push carries the counts and the recipient's row as it is now, so the open table updates in place.
    await eventually(() =>
      expect(events.at(-1)).toMatchObject({
        memoId: memo.id,
        total: 3,
        delivered: 3,
        read: 1,
        acknowledged: 0,
        opinions: 0,
      }),
    );
    expect(events.at(-1)?.changed).toEqual({
      userId: ids.choi,
      displayName: '최기재',
      agencyName: '기획재정부',
      via: 'agency',
      deliveredAt: expect.any(String),
      readAt: expect.any(String),
      acknowledgedAt: null,
      opinion: null,
      opinionAt: null,
      files: [],
      answered: false,
    });
    await clients.jung.call('POST', `/memos/${memo.id}/acknowledge`);
    await eventually(() =>
      expect(events.at(-1)).toMatchObject({
        memoId: memo.id,
        total: 3,
        delivered: 3,
        read: 2,
        acknowledged: 1,
        opinions: 0,
      }),
    );
    expect(events.at(-1)?.changed).toMatchObject({
      userId: ids.jung,
      readAt: expect.any(String),
      acknowledgedAt: expect.any(String),
      opinionAt: null,
      answered: false,
    });
    hanFile = await upload('han', '권익위 의견.txt', '민원 처리 인력 증원 필요\n');
    const given = await clients.han.call<MemoView>('PUT', `/memos/${memo.id}/opinion`, {
      text: '민원 처리 인력 <b>증원</b>이 필요합니다.',
      fileIds: [hanFile.id],
    });
    expect(given.status).toBe(200);
    expect(given.body.mine?.files.map((f) => f.name)).toEqual(['권익위 의견.txt']);
    await eventually(() =>
      expect(events.at(-1)).toMatchObject({
        memoId: memo.id,
        total: 3,
        delivered: 3,
        read: 3,
        acknowledged: 2,
        opinions: 1,
      }),
    );
    expect(events.at(-1)?.changed).toMatchObject({
      userId: ids.han,
      opinion: '민원 처리 인력 <b>증원</b>이 필요합니다.',
      opinionAt: expect.any(String),
      answered: true,
    });
    expect(events.at(-1)?.changed.files.map((f) => f.name)).toEqual(['권익위 의견.txt']);
    expect(events).toHaveLength(3);
    await clients.choi.call('PUT', `/memos/${memo.id}/opinion`, { text: '인건비 항목 재검토 필요' });
    await clients.choi.call('PUT', `/memos/${memo.id}/opinion`, { text: '인건비 항목 재검토가 필요합니다.' });
    const table = await status();
    expect([table.read, table.acknowledged, table.opinions]).toEqual([3, 3, 2]);
    expect(table.missing.map((m) => m.displayName)).toEqual(['정기재']);
    expect(table.rows.find((r) => r.displayName === '최기재')?.opinion).toBe('인건비 항목 재검토가 필요합니다.');
  });

  it('who may do what with a memo: only the author and recipients learn it exists; only the author sees the table', async () => {
    // Someone of an agency the memo was not addressed to.
    await factory.user(await factory.agency({ code: '1721000', name: '과학기술정보통신부' }), {
      login: 'yoon.1721000',
      displayName: '윤과기',
    });
    const yoon = await ApiClient.signIn(api.baseUrl, 'yoon.1721000');
    const as = (who: Who | 'yoon') => (who === 'yoon' ? yoon : clients[who]);
    const call = async (who: Who | 'yoon', method: string, path: string, body?: unknown) =>
      (
        await fetch(`${api.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${as(who).token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).status;
    const file = async (who: Who | 'yoon', id: string) =>
      (await fetch(`${api.baseUrl}/files/${id}/content`, { headers: { authorization: `Bearer ${as(who).token}` } }))
        .status;
    const before = await status();
    const seen = {} as Record<string, Record<string, number>>;
    for (const who of ['lee', 'yoon', 'kim', 'choi'] as Array<Who | 'yoon'>) {
      seen[who] = {
        read: await call(who, 'GET', `/memos/${memo.id}`),
        status: await call(who, 'GET', `/memos/${memo.id}/status`),
        csv: await call(who, 'GET', `/memos/${memo.id}/opinions.csv`),
        html: await call(who, 'GET', `/memos/${memo.id}/summary.html`),
        pdf: await call(who, 'GET', `/memos/${memo.id}/summary.pdf`),
        nudgeOthers: who === 'kim' ? 0 : await call(who, 'POST', `/memos/${memo.id}/nudge`),
        acknowledge: await call(who, 'POST', `/memos/${memo.id}/acknowledge`),
        // Choi's own opinion, unchanged, so the exports below still show it.
        opinion: await call(who, 'PUT', `/memos/${memo.id}/opinion`, { text: '인건비 항목 재검토가 필요합니다.' }),
        memoFile: await file(who, memoFile.id),
        someoneElsesOpinionFile: await file(who, hanFile.id),
      };
    }
    expect(seen).toEqual({
      kim: {
        read: 200,
        status: 200,
        csv: 200,
        html: 200,
        pdf: 200,
        nudgeOthers: 0,
        acknowledge: 403,
        opinion: 403,
        memoFile: 200,
        someoneElsesOpinionFile: 200,
      }, // author
      choi: {
        read: 200,
        status: 403,
        csv: 403,
        html: 403,
        pdf: 403,
        nudgeOthers: 403,
        acknowledge: 200,
        opinion: 200,
        memoFile: 200,
        someoneElsesOpinionFile: 404,
      }, // recipient
      lee: {
        read: 404,
        status: 404,
        csv: 404,
        html: 404,
        pdf: 404,
        nudgeOthers: 404,
        acknowledge: 404,
        opinion: 404,
        memoFile: 404,
        someoneElsesOpinionFile: 404,
      }, // the author's colleague, not addressed
      yoon: {
        read: 404,
        status: 404,
        csv: 404,
        html: 404,
        pdf: 404,
        nudgeOthers: 404,
        acknowledge: 404,
        opinion: 404,
        memoFile: 404,
        someoneElsesOpinionFile: 404,
      }, // another agency, not addressed
    });
    // Nothing the outsiders tried shows in the table.
    const after = await status();
    expect([after.total, after.read, after.acknowledged, after.opinions]).toEqual([
      before.total,
      before.read,
      before.acknowledged,
      before.opinions,
    ]);
    expect(after.rows.map((r) => r.displayName).sort()).toEqual(['정기재', '최기재', '한권익']);
    expect(
      (await clients.kim.call<{ code: string }>('PUT', `/memos/${memo.id}/opinion`, { text: '내 의견' })).body.code,
    ).toBe('MEMO_NOT_RECIPIENT');
    expect((await clients.lee.call<MemoView[]>('GET', '/memos?box=inbox')).body).toEqual([]);
  });

  it('a nudge before the deadline goes only to those who have not answered; after it, opinions are closed', async () => {
    const before = {
      choi: (await botMessages('choi')).length,
      jung: (await botMessages('jung')).length,
      han: (await botMessages('han')).length,
    };
    const nudged = await clients.kim.call<{ nudging: number }>('POST', `/memos/${memo.id}/nudge`);
    expect(nudged.body).toEqual({ nudging: 1, recentlyNudged: 0 });
    await waitForJobs(worker.app);
    expect((await botMessages('jung')).slice(before.jung)).toEqual([
      expect.stringMatching(/^🔔 답변을 기다리는 메모보고: 2027년 예산 편성 의견 조회/),
    ]);
    expect((await botMessages('choi')).length).toBe(before.choi);
    expect((await botMessages('han')).length).toBe(before.han);

    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE memos SET deadline_at = now() - interval '1 minute' WHERE id = $1`, [memo.id]),
    );
    const late = await clients.jung.call<{ code: string }>('PUT', `/memos/${memo.id}/opinion`, { text: '늦은 의견' });
    expect([late.status, late.body.code]).toEqual([409, 'MEMO_CLOSED']);
    expect((await clients.kim.call<{ code: string }>('POST', `/memos/${memo.id}/nudge`)).body.code).toBe('MEMO_CLOSED');
  });

  it('nudges automatically a day before the deadline, once, only those who have not answered', async () => {
    const sent = (
      await clients.lee.call<MemoView>('POST', '/memos', {
        title: '보안 점검 결과 확인',
        body: '확인 부탁드립니다.',
        userIds: [ids.choi, ids.jung],
        deadlineAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      })
    ).body;
    // Sent two hours before its deadline: no automatic nudge (it would arrive with the memo).
    await clients.lee.call('POST', '/memos', {
      title: '급한 확인',
      body: '오늘 중 확인',
      userIds: [ids.choi],
      deadlineAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    await waitForJobs(worker.app);
    await clients.jung.call('POST', `/memos/${sent.id}/acknowledge`);
    const nudges = async (who: Who) => (await botMessages(who)).filter((b) => b.startsWith('🔔')).length;
    const before = { choi: await nudges('choi'), jung: await nudges('jung') };
    const memos = worker.app.get(MemoService);
    expect(await memos.queueAutoNudges(new Date(Date.now() + 86_400_000 - 60_000))).toBe(0);
    expect(await memos.queueAutoNudges(new Date(Date.now() + 86_400_000 + 60_000))).toBe(1);
    expect(await memos.queueAutoNudges(new Date(Date.now() + 86_400_000 + 120_000))).toBe(0);
    await waitForJobs(worker.app);
    expect({ choi: await nudges('choi'), jung: await nudges('jung') }).toEqual({
      choi: before.choi + 1,
      jung: before.jung,
    });
  });

  it('a nudge checks each person again just before their message, and nobody is reminded twice within an hour', async () => {
    const sent = (
      await clients.kim.call<MemoView>('POST', '/memos', {
        title: '청사 보안 점검 확인',
        body: '확인 부탁드립니다.',
        userIds: [ids.choi, ids.jung],
        deadlineAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      })
    ).body;
    await waitForJobs(worker.app);
    const reminded = async () => ({
      choi: (await botMessages('choi')).filter((b) => b.startsWith('🔔 답변을 기다리는 메모보고: 청사 보안 점검 확인'))
        .length,
      jung: (await botMessages('jung')).filter((b) => b.startsWith('🔔 답변을 기다리는 메모보고: 청사 보안 점검 확인'))
        .length,
    });

    // Whoever the job reminds first, the other acknowledges while that message is being posted.
    const messenger = worker.app.get(BotMessenger);
    const post = messenger.postToUser.bind(messenger);
    let answered: Who | null = null;
    const spy = jest.spyOn(messenger, 'postToUser').mockImplementation(async (botId, userId, clientMessageId, body) => {
      if (body.includes('청사 보안 점검 확인') && answered === null) {
        answered = userId === ids.choi ? 'jung' : 'choi';
        expect((await clients[answered].call('POST', `/memos/${sent.id}/acknowledge`)).status).toBe(200);
      }
      return post(botId, userId, clientMessageId, body);
    });
    try {
      expect((await clients.kim.call('POST', `/memos/${sent.id}/nudge`)).body).toEqual({
        nudging: 2,
        recentlyNudged: 0,
      });
      await waitForJobs(worker.app);
    } finally {
      spy.mockRestore();
    }
    const waiting: Who = answered === 'choi' ? 'jung' : 'choi';
    expect(await reminded()).toEqual({ choi: waiting === 'choi' ? 1 : 0, jung: waiting === 'jung' ? 1 : 0 });

    // Asked again at once, by the author or by the automatic nudge, nobody is reminded.
    expect((await clients.kim.call('POST', `/memos/${sent.id}/nudge`)).body).toEqual({ nudging: 0, recentlyNudged: 1 });
    await withAdmin(api.config.database.url, (c) =>
      c.query(
        `UPDATE memos SET created_at = now() - interval '2 days', deadline_at = now() + interval '23 hours' WHERE id = $1`,
        [sent.id],
      ),
    );
    expect(await worker.app.get(MemoService).queueAutoNudges()).toBe(1);
    await waitForJobs(worker.app);
    expect((await reminded())[waiting]).toBe(1);

    // The same nudge job retried claims its own person again but posts once.
    const nudgedAt = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ nudged_at: Date }>(
            `SELECT nudged_at FROM memo_recipients WHERE memo_id = $1 AND user_id = $2`,
            [sent.id, ids[waiting]],
          )
        ).rows[0]?.nudged_at,
    );
    expect(await worker.app.get(MemoNoticesJob).remind({ memoId: sent.id, at: nudgedAt?.toISOString() ?? '' })).toEqual(
      { nudged: 1 },
    );
    expect((await reminded())[waiting]).toBe(1);

    // An hour later the author may remind again.
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE memo_recipients SET nudged_at = nudged_at - interval '61 minutes' WHERE memo_id = $1`, [sent.id]),
    );
    expect((await clients.kim.call('POST', `/memos/${sent.id}/nudge`)).body).toEqual({ nudging: 1, recentlyNudged: 0 });
    await waitForJobs(worker.app);
    expect((await reminded())[waiting]).toBe(2);
  });

  it('exports every opinion as CSV, as a printable HTML page (escaped) and as a PDF with the Hangul intact', async () => {
    const csv = await fetch(`${api.baseUrl}/memos/${memo.id}/opinions.csv`, {
      headers: { authorization: `Bearer ${clients.kim.token}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows: string[][] = parse((await csv.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['기관', '이름', '전달', '읽음', '확인', '의견', '의견 시각', '첨부']);
    expect(rows.slice(1).every((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(r[2] ?? ''))).toBe(true);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[5], r[7]])).toEqual([
      ['국민권익위원회', '한권익', '민원 처리 인력 <b>증원</b>이 필요합니다.', '권익위 의견.txt'],
      ['기획재정부', '정기재', '', ''],
      ['기획재정부', '최기재', '인건비 항목 재검토가 필요합니다.', ''],
    ]);

    const html = await (
      await fetch(`${api.baseUrl}/memos/${memo.id}/summary.html`, {
        headers: { authorization: `Bearer ${clients.kim.token}` },
      })
    ).text();
    expect(html).toContain('민원 처리 인력 &lt;b&gt;증원&lt;/b&gt;이 필요합니다.');
    expect(html).toContain('인건비 항목 재검토가 필요합니다.');
    expect(html).toContain('미응답 / Not answered (1)');
    expect(html).not.toContain('<b>증원');

    const pdf = await fetch(`${api.baseUrl}/memos/${memo.id}/summary.pdf`, {
      headers: { authorization: `Bearer ${clients.kim.token}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const document = await getDocument({ data: new Uint8Array(await pdf.arrayBuffer()) }).promise;
    let text = '';
    for (let n = 1; n <= document.numPages; n++)
      text += (await (await document.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toContain('2027년 예산 편성 의견 조회');
    expect(text).toContain('민원 처리 인력 <b>증원</b>이 필요합니다.');
    expect(text).toContain('인건비 항목 재검토가 필요합니다.');
  });

  it('an opinion that looks like a spreadsheet formula comes out of the CSV as text, not as a formula', async () => {
    const oh = await factory.user(moefAgency, { login: 'oh.1051000', displayName: '오기재' });
    const ohClient = await ApiClient.signIn(api.baseUrl, 'oh.1051000');
    const sent = (
      await clients.kim.call<MemoView>('POST', '/memos', {
        title: '수식 의견',
        body: '의견 주십시오.',
        userIds: [ids.choi, ids.jung, ids.han, oh.id],
        opinionRequested: true,
      })
    ).body;
    const opinions = {
      choi: '=HYPERLINK("http://evil","x")',
      jung: "+1+cmd|' /C calc'!A0",
      han: '-2+3',
      oh: "@SUM(1+1)*cmd|' /C calc'!A0",
    };
    const writers = { choi: clients.choi, jung: clients.jung, han: clients.han, oh: ohClient };
    for (const [who, text] of Object.entries(opinions) as Array<[keyof typeof opinions, string]>)
      expect((await writers[who].call('PUT', `/memos/${sent.id}/opinion`, { text })).status).toBe(200);
    const csv = await (
      await fetch(`${api.baseUrl}/memos/${sent.id}/opinions.csv`, {
        headers: { authorization: `Bearer ${clients.kim.token}` },
      })
    ).text();
    const rows: string[][] = parse(csv.replace(/^\uFEFF/, ''));
    const byName = Object.fromEntries(rows.slice(1).map((r) => [r[1], r[5]]));
    expect(byName).toEqual({
      최기재: `'${opinions.choi}`,
      정기재: `'${opinions.jung}`,
      한권익: `'${opinions.han}`,
      오기재: `'${opinions.oh}`,
    });
    // No cell of the file, quoted or not, begins with a character a spreadsheet would evaluate.
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('a recipient is delivered only once the memo bot’s message to them is posted, and the table and CSV say when', async () => {
    // With no worker, nothing is posted: the memo is stored, nobody is delivered yet.
    await worker.close();
    const sentAt = Date.now();
    const sent = (
      await clients.kim.call<MemoView>('POST', '/memos', {
        title: '전달 확인용 메모',
        body: '전달 여부 확인',
        userIds: [ids.choi, ids.jung],
      })
    ).body;
    const table = async () => (await clients.kim.call<MemoStatus>('GET', `/memos/${sent.id}/status`)).body;
    const before = await table();
    expect([before.total, before.delivered, before.rows.map((r) => r.deliveredAt)]).toEqual([2, 0, [null, null]]);
    expect((await clients.choi.call<MemoView>('GET', `/memos/${sent.id}`)).body.mine?.deliveredAt).toBeNull();
    const csvRows = async () => {
      const rows: string[][] = parse(
        (
          await (
            await fetch(`${api.baseUrl}/memos/${sent.id}/opinions.csv`, {
              headers: { authorization: `Bearer ${clients.kim.token}` },
            })
          ).text()
        ).replace(/^\uFEFF/, ''),
      );
      return rows.slice(1);
    };
    expect((await csvRows()).map((r) => r[2])).toEqual(['', '']);

    const events = record(kimSocket, 'memo.status');
    worker = await startTestApp({ ...api.config, roles: new Set(['worker']) });
    await waitForJobs(worker.app);
    const after = await table();
    expect(after.delivered).toBe(2);
    for (const row of after.rows) expect(Date.parse(row.deliveredAt ?? '')).toBeGreaterThanOrEqual(sentAt - 1000);
    expect((await csvRows()).map((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(r[2] ?? ''))).toEqual([true, true]);
    await eventually(() => expect(events.at(-1)).toMatchObject({ memoId: sent.id, delivered: 2 }));
    expect((await clients.choi.call<MemoView>('GET', `/memos/${sent.id}`)).body.mine?.deliveredAt).toBe(
      after.rows.find((r) => r.userId === ids.choi)?.deliveredAt,
    );

    // Delivering again (a retried job) posts nothing more and keeps the first times.
    expect(await worker.app.get(MemoNoticesJob).deliver({ memoId: sent.id })).toEqual({ told: 0 });
    expect((await table()).rows.map((r) => r.deliveredAt)).toEqual(after.rows.map((r) => r.deliveredAt));
    expect((await botMessages('choi')).filter((b) => b.startsWith('📨 메모보고: 전달 확인용 메모'))).toHaveLength(1);
  });

  it('/memo sends a short memo from chat and lists it for the recipient', async () => {
    const room = (
      await clients.kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [ids.lee] })
    ).body;
    const sent = await clients.kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, {
      clientMessageId: `c-${randomUUID()}`,
      body: '/메모 "회의 결과 공유" @lee.1741000 오늘 회의 결과 공유드립니다 의견:아니오',
    });
    const run = await commandOutcome(clients.kim, sent.body.id);
    expect(run?.status).toBe('done');
    expect(run?.reply).toContain('메모보고를 1명에게 보냈습니다: 회의 결과 공유');
    const inbox = (await clients.lee.call<MemoView[]>('GET', '/memos?box=inbox')).body;
    expect(inbox.map((m) => [m.title, m.body, m.opinionRequested])).toEqual([
      ['회의 결과 공유', '오늘 회의 결과 공유드립니다', false],
    ]);
  });

  it('a memo to a department reaches exactly its active staff as they were at send; someone disabled afterwards stays in the table', async () => {
    const staff = async (agencyCode: string, login: string, displayName: string, departmentName?: string) =>
      (
        await api.app.get(DirectoryService).createUser({
          login,
          displayName,
          agencyCode,
          password: TEST_PASSWORD,
          ...(departmentName ? { departmentName } : {}),
        })
      ).id;
    const ahn = await staff('1051000', 'ahn.1051000', '안예산', '예산총괄과');
    const bae = await staff('1051000', 'bae.1051000', '배예산', '예산총괄과');
    const retired = await staff('1051000', 'ko.1051000', '고예산', '예산총괄과');
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [retired]),
    );
    const otherDepartment = await staff('1051000', 'dong.1051000', '동세제', '세제정책과');
    const sameNameElsewhere = await staff('1250000', 'eom.1250000', '엄권익', '예산총괄과');
    const department = (
      await (
        await ApiClient.signIn(api.baseUrl, 'ahn.1051000')
      ).call<{ department: { id: string; name: string } | null }>('GET', '/me')
    ).body.department;
    expect(department?.name).toBe('예산총괄과');

    const sent = (
      await clients.kim.call<MemoView>('POST', '/memos', {
        title: '부서 앞 메모',
        body: '예산총괄과 확인 바랍니다.',
        departmentIds: [department?.id],
      })
    ).body;
    expect(sent.addressees).toEqual([{ kind: 'department', id: department?.id, name: '예산총괄과' }]);
    // Someone who joins the department after the send is not a recipient.
    const newcomer = await staff('1051000', 'ryu.1051000', '류예산', '예산총괄과');
    await waitForJobs(worker.app);
    const table = async () => (await clients.kim.call<MemoStatus>('GET', `/memos/${sent.id}/status`)).body;
    const first = await table();
    expect(first.rows.map((r) => [r.displayName, r.agencyName, r.via]).sort()).toEqual([
      ['배예산', '기획재정부', 'department'],
      ['안예산', '기획재정부', 'department'],
    ]);
    expect([first.total, first.delivered]).toEqual([2, 2]);
    const dms = (userId: string) =>
      withAdmin(api.config.database.url, async (c) =>
        Number(
          (
            await c.query<{ n: string }>(
              `SELECT count(*) AS n FROM messages m JOIN users s ON s.id = m.sender_id AND s.login = 'bot.memo' JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $1 WHERE m.body LIKE '📨 메모보고: 부서 앞 메모%'`,
              [userId],
            )
          ).rows[0]?.n,
        ),
      );
    const reached = {} as Record<string, number>;
    for (const [name, id] of Object.entries({
      ahn,
      bae,
      retired,
      otherDepartment,
      sameNameElsewhere,
      newcomer,
      choi: ids.choi,
      jung: ids.jung,
    }))
      reached[name] = await dms(id);
    expect(reached).toEqual({
      ahn: 1,
      bae: 1,
      retired: 0,
      otherDepartment: 0,
      sameNameElsewhere: 0,
      newcomer: 0,
      choi: 0,
      jung: 0,
    });

    // Bae leaves the service after the send: still in the frozen table, the counts and the exports, as not answered.
    await withAdmin(api.config.database.url, (c) =>
      c.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [bae]),
    );
    const later = await table();
    expect(later.rows.map((r) => r.displayName).sort()).toEqual(['배예산', '안예산']);
    expect(later.total).toBe(2);
    expect(later.missing.map((m) => m.displayName).sort()).toEqual(['배예산', '안예산']);
    const csv: string[][] = parse(
      (
        await (
          await fetch(`${api.baseUrl}/memos/${sent.id}/opinions.csv`, {
            headers: { authorization: `Bearer ${clients.kim.token}` },
          })
        ).text()
      ).replace(/^\uFEFF/, ''),
    );
    expect(
      csv
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['배예산', '안예산']);
  });

  it('chat commands, message in and reply out: /memo list, /memo status and /memo nudge', async () => {
    const room = (
      await clients.kim.call<RoomView>('POST', '/rooms', {
        kind: 'collaboration',
        name: '현황 점검',
        userIds: [ids.lee, ids.choi],
      })
    ).body;
    const command = async (who: Who, body: string) => {
      const sent = await clients[who].call<MessageView>('POST', `/rooms/${room.id}/messages`, {
        clientMessageId: `c-${randomUUID()}`,
        body,
      });
      expect(sent.status).toBe(201);
      return commandOutcome(clients[who], sent.body.id);
    };
    const sent = (
      await clients.kim.call<MemoView>('POST', '/memos', {
        title: '채팅 현황 점검',
        body: '의견 주십시오.',
        userIds: [ids.lee, ids.choi],
        opinionRequested: true,
        deadlineAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      })
    ).body;
    await waitForJobs(worker.app);

    // /memo list: received and sent, each line with where the reader stands, only to the sender.
    const fresh = await command('lee', '/memo list');
    expect(fresh).toMatchObject({ status: 'done', errorCode: null, ephemeral: true });
    expect(fresh.reply?.split('\n')[0]).toBe('받은 메모보고:');
    expect(fresh.reply).toContain(`• ${sent.ref}  채팅 현황 점검 · 새 메모`);
    expect((await clients.lee.call('GET', `/memos/${sent.id}`)).status).toBe(200);
    expect((await command('lee', '/메모 목록')).reply).toContain(`• ${sent.ref}  채팅 현황 점검 · 읽음`);
    expect((await clients.choi.call('PUT', `/memos/${sent.id}/opinion`, { text: '이견 없습니다' })).status).toBe(200);
    expect((await command('choi', '/memo list')).reply).toContain(`• ${sent.ref}  채팅 현황 점검 · 의견 제출`);
    const authorList = (await command('kim', '/memo list')).reply ?? '';
    expect(authorList.slice(authorList.indexOf('보낸 메모보고:'))).toContain(`• ${sent.ref}  채팅 현황 점검 · 1/2`);

    // /memo status: the author's counts and who has not answered; a recipient is refused.
    const table = await command('kim', `/memo status ${sent.ref}`);
    expect([table.status, table.reply]).toEqual([
      'done',
      '📊 채팅 현황 점검: 전달 2/2 · 읽음 2/2 · 확인 1 · 의견 1\n미응답: 이행안',
    ]);
    const notAuthor = await command('choi', `/메모 현황 ${sent.ref}`);
    expect([notAuthor.status, notAuthor.errorCode]).toEqual(['failed', 'MEMO_NOT_AUTHOR']);
    expect(notAuthor.reply).toContain('응답 현황, 내보내기, 독촉은 작성자만 할 수 있습니다.');

    // /memo nudge: only Lee, who has not answered, is reminded; asked again at once, nobody is.
    const reminders = async (who: Who) =>
      (await botMessages(who)).filter((b) => b.startsWith('🔔 답변을 기다리는 메모보고: 채팅 현황 점검'));
    const nudge = await command('kim', `/memo nudge ${sent.ref}`);
    expect([nudge.status, nudge.reply]).toEqual(['done', '미응답자 1명에게 독촉합니다.']);
    await waitForJobs(worker.app);
    expect(await reminders('lee')).toHaveLength(1);
    expect(await reminders('choi')).toEqual([]);
    const nudgedAt = await withAdmin(
      api.config.database.url,
      async (c) =>
        (
          await c.query<{ user_id: string; nudged_at: Date | null }>(
            `SELECT user_id, nudged_at FROM memo_recipients WHERE memo_id = $1`,
            [sent.id],
          )
        ).rows,
    );
    expect(Object.fromEntries(nudgedAt.map((r) => [r.user_id, r.nudged_at !== null]))).toEqual({
      [ids.lee]: true,
      [ids.choi]: false,
    });
    const again = await command('kim', `/메모 독촉 ${sent.ref}`);
    expect(again.reply).toBe('미응답자 0명에게 독촉합니다. 1명은 1시간 안에 이미 독촉했습니다.');
    await waitForJobs(worker.app);
    expect(await reminders('lee')).toHaveLength(1);
    expect((await command('lee', `/memo nudge ${sent.ref}`)).errorCode).toBe('MEMO_NOT_AUTHOR');
  });
});
