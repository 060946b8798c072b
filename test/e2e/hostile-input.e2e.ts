import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { UserRole } from '../../src/identity/identity.types.js';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, type ClientSocket } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

interface Answer {
  status: number;
  contentType: string;
  body: Coded | undefined;
  text: string;
}
interface Coded {
  statusCode?: number;
  code?: string;
  message?: string;
  messages?: { ko?: string; en?: string };
  details?: {
    fields?: Array<{ field: string; problems: string[]; messages: Array<{ ko: string; en: string }> }>;
  } & Record<string, unknown>;
}
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
}
interface Operation {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const cid = () => `c-${randomUUID()}`;
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const nested = (levels: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Raw HTTP, so a body can be any text (fetch would be fine too, but this also reads the 431 Node answers itself). */
function send(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(options.body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const contentType = String(res.headers['content-type'] ?? '');
          let body: Coded | undefined;
          try {
            body = contentType.includes('json') && text ? (JSON.parse(text) as Coded) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, contentType, body, text });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Every 4xx carries the coded body with Korean and English text. */
function expectCoded(answer: Answer, what: string): void {
  const coded = answer.body;
  const ok =
    answer.contentType.includes('application/json') &&
    typeof coded?.code === 'string' &&
    !!coded.messages?.ko &&
    !!coded.messages.en &&
    coded.statusCode === answer.status;
  if (!ok) throw new Error(`${what}: ${answer.status} without the coded body: ${answer.text.slice(0, 300)}`);
}

describe('hostile input', () => {
  let t: TestApp;
  let admin: ApiClient;
  /** Signed in only for POST /auth/logout, whose hostile variants may end its session. */
  let throwaway: ApiClient;
  let login: string;
  const ids: Record<string, string> = {};
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig({ roles: ['api'] }));
    const factory = new Factory(t.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    const roles = [UserRole.Member, UserRole.AgencyAdmin, UserRole.SystemAdmin, UserRole.ComplaintInvestigator];
    login = (await factory.user(agency, { login: 'admin.mois', displayName: '관리자', roles })).login;
    const target = await factory.user(agency, { login: 'lee.mois', displayName: '이행안' });
    admin = await ApiClient.signIn(t.baseUrl, login);
    throwaway = await ApiClient.signIn(t.baseUrl, login);
    ids['agency'] = agency.id;
    ids['user'] = target.id;

    const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await admin.call<T>(method, path, body);
      if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    ids['room'] = (await ok<RoomView>('POST', '/rooms', { kind: 'group', name: '시험방', userIds: [target.id] })).id;
    ids['message'] = (
      await ok<MessageView>('POST', `/rooms/${ids['room']}/messages`, { clientMessageId: cid(), body: '첫 메시지' })
    ).id;
    const task = await ok<{ id: string; checklist: Array<{ id: string }> }>('POST', '/tasks', {
      title: '시험 과제',
      priority: 'high',
      assigneeIds: [target.id],
      checklist: ['하나'],
    });
    ids['task'] = task.id;
    ids['item'] = task.checklist[0]?.id ?? randomUUID();
    ids['memo'] = (
      await ok<{ id: string }>('POST', '/memos', { title: '시험 메모', body: '본문', userIds: [target.id] })
    ).id;
    ids['meeting'] = (
      await ok<{ id: string }>('POST', '/meetings', {
        title: '시험 회의',
        startsAt: later(2),
        durationMinutes: 30,
        userIds: [target.id],
      })
    ).id;
    ids['wall'] = (await ok<{ id: string }>('POST', '/walls', { name: '시험 담벼락' })).id;
    ids['post'] = (await ok<{ id: string }>('POST', `/walls/${ids['wall']}/posts`, { body: '첫 글' })).id;
    ids['comment'] = (await ok<{ id: string }>('POST', `/wall-posts/${ids['post']}/comments`, { body: '첫 댓글' })).id;
    ids['topic'] = (await ok<{ id: string }>('POST', '/consultations/topics', { name: '고충민원' })).id;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  describe('every route of the OpenAPI document', () => {
    /** A real id for each path parameter, so hostile bodies reach the services and the database. */
    const paramValue = (path: string, name: string): string => {
      const byName: Record<string, string | undefined> = {
        roomId: ids['room'],
        messageId: ids['message'],
        itemId: ids['item'],
        userId: ids['user'],
        agencyId: ids['agency'],
        wallId: ids['wall'],
        postId: ids['post'],
        commentId: ids['comment'],
        emoji: encodeURIComponent('👍'),
        token: 'a'.repeat(43),
        ordinal: '1',
      };
      if (name === 'id') {
        if (path.startsWith('/tasks/')) return ids['task'];
        if (path.startsWith('/memos/')) return ids['memo'];
        if (path.startsWith('/meetings/')) return ids['meeting'];
      }
      return byName[name] ?? randomUUID();
    };

    const idFor = (name: string): string | undefined =>
      ({
        roomId: ids['room'],
        threadRootId: ids['message'],
        topicId: ids['topic'],
        investigatorId: ids['user'],
        userId: ids['user'],
      })[name];

    /** Valid bodies where the document's examples are not enough. */
    const overrides = (): Record<string, Record<string, unknown>> => ({
      'POST /auth/login': { login, password: TEST_PASSWORD },
      'POST /rooms/{roomId}/messages': { clientMessageId: cid(), body: '안녕하세요' },
      'POST /rooms/{roomId}/read': { seq: '1' },
      'POST /meetings': {
        title: '회의',
        startsAt: later(3),
        durationMinutes: 30,
        timeZone: 'Asia/Seoul',
        userIds: [ids['user']],
      },
      'POST /meetings/records': {
        records: [
          {
            title: '지난 회의',
            kind: 'meeting',
            agencyCode: '1741000',
            startedAt: later(-3),
            endedAt: later(-2.9),
            participants: 3,
          },
        ],
      },
      'POST /meetings/{id}/reschedule': { startsAt: later(4) },
      'POST /meetings/{id}/occurrences/cancel': { at: later(4) },
      'POST /consultations': { startsAt: later(5), email: 'citizen@example.org', summary: '요지' },
      'PUT /consultations/schedule': { slotMinutes: 30, weeklyRules: [{ weekday: 1, start: '09:00', end: '12:00' }] },
      'POST /consultations/schedule/exceptions': { day: '2030-12-24', kind: 'off' },
      'POST /consultations/closures': { day: '2030-12-31', reason: '청사 이전' },
      'POST /public/consultations': {
        topicId: ids['topic'],
        startsAt: later(5),
        name: '홍길동',
        email: 'citizen@example.org',
        summary: '요지',
        privacyAccepted: true,
      },
      'POST /webhooks/jitsi/events/occupant/joined': {
        event_name: 'muc-occupant-joined',
        room_name: 'ieum-x',
        occupant: { joined_at: 1 },
      },
      'POST /webhooks/jitsi/events/occupant/left': {
        event_name: 'muc-occupant-left',
        room_name: 'ieum-x',
        occupant: { joined_at: 1, left_at: 2 },
      },
      'PUT /admin-api/users/{userId}/roles': { roles: ['member'] },
      'POST /tasks/{id}/assignees': { userIds: [ids['user']] },
      'POST /memos': { title: '메모', body: '본문', userIds: [ids['user']] },
      // An address the SSRF guard refuses at once, so no probe waits on DNS.
      'POST /admin-api/webhooks/subscriptions': {
        name: '연계',
        url: 'http://127.0.0.1/hook',
        events: ['task.changed'],
      },
    });

    it('answers malformed bodies, parameters and query strings with a coded 4xx, never a 5xx', async () => {
      const doc = (await (await fetch(`${t.baseUrl}/api/docs/openapi.json`)).json()) as OpenApi;
      const resolve = (schema: Schema | undefined): Schema => {
        if (!schema?.$ref) return schema ?? {};
        return doc.components.schemas[schema.$ref.split('/').pop() as string] ?? {};
      };
      const example = (name: string, raw: Schema): unknown => {
        const schema = resolve(raw);
        if (schema.example !== undefined) return schema.example;
        if (schema.enum) return schema.enum[0];
        if (schema.properties)
          return Object.fromEntries((schema.required ?? []).map((k) => [k, example(k, schema.properties?.[k] ?? {})]));
        switch (schema.type) {
          case 'array':
            return idFor(name.replace(/s$/, '')) ? [idFor(name.replace(/s$/, ''))] : [];
          case 'number':
            return 1;
          case 'boolean':
            return true;
          default:
            return schema.format === 'date-time' ? later(6) : (idFor(name) ?? '시험');
        }
      };

      const byStatus = new Map<number, number>();
      const byCode = new Map<string, number>();
      const failures: string[] = [];
      let requests = 0;
      let routes = 0;
      const probe = async (
        what: string,
        method: string,
        path: string,
        options: { token?: string; body?: string; expect?: string[] } = {},
      ) => {
        requests++;
        // (An error from node:http is not an instance of this realm's Error under jest: compare strings.)
        const answer = await send(t.baseUrl, method, path, {
          token: options.token ?? admin.token,
          body: options.body,
        }).catch((error: unknown) => String(error));
        if (typeof answer === 'string') {
          failures.push(`${what}: no answer (${answer})`);
          return;
        }
        byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
        if (answer.body?.code) byCode.set(answer.body.code, (byCode.get(answer.body.code) ?? 0) + 1);
        if (answer.status >= 500) failures.push(`${what}: ${answer.status} ${answer.text.slice(0, 200)}`);
        else if (answer.status >= 400) {
          try {
            expectCoded(answer, what);
          } catch (error) {
            failures.push((error as Error).message);
          }
          if (options.expect && !options.expect.includes(answer.body?.code ?? ''))
            failures.push(`${what}: ${answer.status} ${answer.body?.code}, expected ${options.expect.join(' or ')}`);
        } else if (options.expect) failures.push(`${what}: ${answer.status}, expected ${options.expect.join(' or ')}`);
      };

      const NUL = 'a\u0000b';
      const hostileValues = (schema: Schema, name: string): Array<[string, unknown]> => [
        ['null', null],
        ['a wrong type', schema.type === 'string' || !schema.type ? 12345 : 'x'],
        ['100 kB', 'a'.repeat(100_000)],
        ['$regex', { $regex: '.*' }],
        ...(/Ids?$/.test(name) || schema.format === 'uuid'
          ? ([['an array of ids', [ids['user'], { $ne: null }]]] as Array<[string, unknown]>)
          : []),
      ];

      for (const [template, methods] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          routes++;
          const verb = method.toUpperCase();
          const key = `${verb} ${template}`;
          const token = template === '/auth/logout' ? throwaway.token : admin.token;
          const params = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
          const queries = (operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
          const pathWith = (value?: (name: string) => string) =>
            template.replace(/\{(\w+)\}/g, (_, name: string) => (value ? value(name) : paramValue(template, name)));
          const path = pathWith();

          await probe(`${key} with a 100 kB query string`, verb, `${path}?q=${'a'.repeat(100_000)}`, {
            token,
            expect: ['HEADERS_TOO_LARGE'],
          });
          if (params.length > 0) {
            await probe(
              `${key} with NUL in its parameters`,
              verb,
              pathWith(() => 'a%00b'),
              { token, expect: ['CONTROL_CHARACTERS'] },
            );
            await probe(
              `${key} with overlong parameters`,
              verb,
              pathWith(() => 'x'.repeat(2_000)),
              { token },
            );
          }
          for (const name of queries) {
            await probe(`${key} with NUL in ?${name}`, verb, `${path}?${name}=a%00b`, {
              token,
              expect: ['CONTROL_CHARACTERS'],
            });
            await probe(`${key} with ?${name} twice`, verb, `${path}?${name}=1&${name}=2`, { token });
            await probe(`${key} with ?${name}[$regex]`, verb, `${path}?${name}[$regex]=.*`, { token });
            await probe(`${key} with a 10 kB ?${name}`, verb, `${path}?${name}=${'a'.repeat(10_000)}`, { token });
          }

          const schema = resolve(operation.requestBody?.content['application/json']?.schema);
          if (!operation.requestBody) continue;
          const base = { ...(example('', schema) as Record<string, unknown>), ...overrides()[key] };
          const body = (value: unknown) => ({ token, body: JSON.stringify(value) });

          for (const kind of ['array', 'object'] as const) {
            await probe(`${key} nested 20,000 deep (${kind})`, verb, path, {
              token,
              body: nested(20_000, kind),
              expect: ['JSON_TOO_DEEP', 'PAYLOAD_TOO_LARGE'],
            });
          }
          await probe(`${key} with broken JSON`, verb, path, { token, body: '{"a":', expect: ['INVALID_JSON'] });
          await probe(`${key} with 2,000 keys`, verb, path, {
            token,
            body: JSON.stringify(Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i]))),
            expect: ['JSON_TOO_WIDE', 'PAYLOAD_TOO_LARGE'],
          });
          await probe(`${key} with an array for a body`, verb, path, body([base]));
          await probe(`${key} with an unknown field`, verb, path, body({ ...base, zzUnknown: 1 }));
          await probe(`${key} with NUL in a key`, verb, path, {
            ...body({ ...base, ['x\u0000']: 1 }),
            expect: ['CONTROL_CHARACTERS'],
          });
          for (const [name, field] of Object.entries(schema.properties ?? {})) {
            const resolved = resolve(field);
            await probe(`${key} with NUL in ${name}`, verb, path, {
              ...body({ ...base, [name]: resolved.type === 'array' ? [NUL] : resolved.properties ? { x: NUL } : NUL }),
              expect: ['CONTROL_CHARACTERS'],
            });
            for (const [label, value] of hostileValues(resolved, name))
              await probe(`${key} with ${label} in ${name}`, verb, path, body({ ...base, [name]: value }));
          }
        }
      }

      const table = (map: Map<number | string, number>) =>
        [...map.entries()]
          .sort(([a], [b]) => String(a).localeCompare(String(b)))
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ');
      // eslint-disable-next-line no-console
      console.log(
        `hostile input: ${routes} routes, ${requests} requests; by status ${table(byStatus)}; by code ${table(byCode)}`,
      );
      expect(failures).toEqual([]);
      expect([...byStatus.keys()].filter((s) => s >= 500)).toEqual([]);
    }, 120_000);
  });

  describe('JSON depth, width, syntax and size', () => {
    it('refuses deep nesting before it is parsed, on every endpoint that takes a body', async () => {
      for (const path of ['/auth/login', '/public/consultations', '/webhooks/jitsi/events/room/created', '/tasks']) {
        // 6 kB and 12 kB: within the 16 kB that sign-in takes.
        for (const body of [nested(3_000, 'array'), nested(2_000, 'object')]) {
          const answer = await send(t.baseUrl, 'POST', path, {
            token: admin.token,
            body,
            headers: { 'accept-language': 'en' },
          });
          expect([path, answer.status, answer.body?.code]).toEqual([path, 400, 'JSON_TOO_DEEP']);
          expect(answer.body?.messages?.ko).toContain('중첩');
        }
      }
      const deep = await send(t.baseUrl, 'POST', '/public/consultations', { body: nested(20_000, 'array') });
      expect([deep.status, deep.body?.code, deep.body?.details]).toEqual([400, 'JSON_TOO_DEEP', { maxDepth: 32 }]);
      // Brackets inside strings are text.
      const quoted = await send(t.baseUrl, 'POST', '/rooms', {
        token: admin.token,
        body: JSON.stringify({ kind: 'group', name: `[{"\\${'['.repeat(5_000)}` }),
      });
      expect(quoted.body?.code).toBe('VALIDATION_FAILED');
    });

    it('refuses wide arrays and objects, and takes the nesting real requests have', async () => {
      const wide = await send(t.baseUrl, 'POST', '/tasks', {
        token: admin.token,
        body: JSON.stringify({ title: '넓음', checklist: Array.from({ length: 10_001 }, () => 'x') }),
      });
      expect([wide.status, wide.body?.code, wide.body?.details]).toEqual([
        400,
        'JSON_TOO_WIDE',
        { kind: 'array', maxItems: 10_000 },
      ]);
      const keys = await send(t.baseUrl, 'POST', '/tasks', {
        token: admin.token,
        body: JSON.stringify(Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, 0]))),
      });
      expect([keys.status, keys.body?.code]).toEqual([400, 'JSON_TOO_WIDE']);
      const schedule = await admin.call('PUT', '/consultations/schedule', {
        slotMinutes: 30,
        weeklyRules: [{ weekday: 2, start: '09:00', end: '12:00' }],
      });
      expect(schedule.status).toBe(200);
    });

    it('answers broken JSON with INVALID_JSON, and a body over its route limit with PAYLOAD_TOO_LARGE', async () => {
      const broken = await send(t.baseUrl, 'POST', '/auth/login', {
        body: '{"login": "x", ',
        headers: { 'accept-language': 'ko' },
      });
      expect([broken.status, broken.body?.code, broken.body?.message]).toEqual([
        400,
        'INVALID_JSON',
        '요청 본문이 올바른 JSON이 아닙니다.',
      ]);
      // Sign-in takes 16 kB; the rest of the API 1 MB.
      const login17k = await send(t.baseUrl, 'POST', '/auth/login', {
        body: JSON.stringify({ login: 'x', password: 'p'.repeat(17_000) }),
      });
      expect([login17k.status, login17k.body?.code, login17k.body?.details]).toEqual([
        413,
        'PAYLOAD_TOO_LARGE',
        { limitBytes: 16_384 },
      ]);
      const task17k = await send(t.baseUrl, 'POST', '/tasks', {
        token: admin.token,
        body: JSON.stringify({ title: '설명이 긴 과제', description: '가'.repeat(6_000) }),
      });
      expect(task17k.status).toBe(201);
      const huge = await send(t.baseUrl, 'POST', '/tasks', {
        token: admin.token,
        body: JSON.stringify({ title: 'x', description: 'x'.repeat(1_100_000) }),
      });
      expect([huge.status, huge.body?.code, huge.body?.details]).toEqual([
        413,
        'PAYLOAD_TOO_LARGE',
        { limitBytes: 1_048_576 },
      ]);
    });

    it('answers a 100 kB query string with a coded 431', async () => {
      const answer = await send(t.baseUrl, 'GET', `/health?${'a'.repeat(100_000)}`);
      expect(answer.status).toBe(431);
      expect(answer.contentType).toMatch(/application\/json/);
      expect(answer.body).toMatchObject({
        statusCode: 431,
        code: 'HEADERS_TOO_LARGE',
        messages: { ko: expect.stringContaining('너무 깁니다'), en: expect.any(String) },
      });
    });
  });

  describe('control characters', () => {
    it('refuses NUL with CONTROL_CHARACTERS on every endpoint that once stored it or answered 500', async () => {
      const nul = 'a\u0000b';
      const cases: Array<[string, string, unknown, string?]> = [
        ['POST', '/auth/login', { login: nul, password: TEST_PASSWORD }],
        ['POST', '/meetings', { title: nul, startsAt: later(2), durationMinutes: 30, userIds: [ids['user']] }],
        ['POST', '/memos', { title: '메모', body: nul, userIds: [ids['user']] }],
        ['POST', '/consultations/topics', { name: nul }],
        ['POST', `/consultations/${randomUUID()}/outcome`, { notes: nul }],
        ['POST', '/tasks', { title: nul }],
        ['POST', `/tasks/${ids['task']}/comments`, { body: nul }],
        ['POST', `/tasks/${ids['task']}/checklist`, { text: nul }],
        ['POST', `/walls/${ids['wall']}/posts`, { body: nul }],
        ['POST', `/wall-posts/${ids['post']}/comments`, { body: nul }],
        ['POST', `/rooms/${ids['room']}/messages`, { clientMessageId: cid(), body: nul }],
        ['PATCH', `/rooms/${ids['room']}`, { topic: '주제\u001b[31m' }],
        ['POST', `/rooms/${ids['room']}/messages`, { clientMessageId: cid(), body: 'DEL\u007f' }],
        ['POST', `/rooms/${ids['room']}/messages`, { clientMessageId: cid(), body: 'C1 CSI \u009b31m' }],
        [
          'POST',
          '/meetings/records',
          {
            records: [
              {
                title: nul,
                kind: 'meeting',
                agencyCode: '1741000',
                startedAt: later(-2),
                endedAt: later(-1.9),
                participants: 2,
              },
            ],
          },
          'records.0.title',
        ],
      ];
      for (const [method, path, body, field] of cases) {
        const answer = await send(t.baseUrl, method, path, { token: admin.token, body: JSON.stringify(body) });
        expect([method, path, answer.status, answer.body?.code]).toEqual([method, path, 400, 'CONTROL_CHARACTERS']);
        expectCoded(answer, path);
        if (field) expect(answer.body?.details?.fields?.map((f) => f.field)).toEqual([field]);
      }
      for (const path of [
        `/search/messages?q=${encodeURIComponent('자료\u0000')}`,
        '/directory/users?q=%00',
        '/rooms/%00',
        `/messages/${ids['message']}%01`,
      ]) {
        const answer = await send(t.baseUrl, 'GET', path, { token: admin.token });
        expect([path, answer.status, answer.body?.code]).toEqual([path, 400, 'CONTROL_CHARACTERS']);
      }
    });

    it('signing out with a NUL is refused and signs nobody out', async () => {
      const session = await ApiClient.signIn(t.baseUrl, login);
      const answer = await send(t.baseUrl, 'POST', '/auth/logout', {
        token: session.token,
        body: JSON.stringify({ refreshToken: 'x\u0000' }),
      });
      expect([answer.status, answer.body?.code]).toEqual([400, 'CONTROL_CHARACTERS']);
      expect((await session.call('GET', '/me')).status).toBe(200);
    });

    it('refuses them on the socket with the same code, and keeps tabs and line breaks as text', async () => {
      const socket = await admin.socket();
      sockets.push(socket);
      const ack = await socket.emitWithAck('message.send', {
        roomId: ids['room'],
        clientMessageId: cid(),
        body: '\u0000',
      });
      expect(ack).toMatchObject({
        ok: false,
        error: {
          statusCode: 400,
          code: 'CONTROL_CHARACTERS',
          messages: { ko: expect.any(String), en: expect.any(String) },
        },
      });
      const fine = await admin.call<MessageView>('POST', `/rooms/${ids['room']}/messages`, {
        clientMessageId: cid(),
        body: '첫 줄\r\n둘째\t줄',
      });
      expect([fine.status, fine.body.body]).toEqual([201, '첫 줄\n둘째\t줄']);
      const memo = await admin.call('POST', '/memos', { title: '표', body: '항목\t값\n가\t1', userIds: [ids['user']] });
      expect(memo.status).toBe(201);
    });
  });

  describe('keys that name the prototype', () => {
    it('refuses __proto__, constructor and prototype like any unknown field, instead of dropping them', async () => {
      for (const body of [
        `{"title":"과제","__proto__":{"priority":"urgent"}}`,
        `{"title":"과제","constructor":{"prototype":{"x":1}}}`,
        `{"title":"과제","checklist":[],"prototype":1}`,
      ]) {
        const answer = await send(t.baseUrl, 'POST', '/tasks', {
          token: admin.token,
          body,
          headers: { 'accept-language': 'en' },
        });
        expect([body, answer.status, answer.body?.code]).toEqual([body, 400, 'VALIDATION_FAILED']);
        expect(answer.body?.details?.fields?.[0]?.problems[0]).toMatch(/should not exist/);
      }
      expect({}).not.toHaveProperty('priority');
    });
  });

  describe('null where a value is required', () => {
    it('refuses null in a field that may only be left out, and still clears the ones where null means "none"', async () => {
      for (const patch of [
        { priority: null },
        { title: null },
        { priority: null, title: null, description: null, dueAt: null },
      ]) {
        const answer = await send(t.baseUrl, 'PATCH', `/tasks/${ids['task']}`, {
          token: admin.token,
          body: JSON.stringify(patch),
          headers: { 'accept-language': 'en' },
        });
        expect([answer.status, answer.body?.code]).toEqual([400, 'VALIDATION_FAILED']);
        expect(answer.body?.details?.fields?.[0]?.problems[0]).toMatch(/must not be null/);
      }
      const cleared = await admin.call<{ dueAt: string | null; description: string | null; priority: string }>(
        'PATCH',
        `/tasks/${ids['task']}`,
        { description: null, dueAt: null },
      );
      expect([cleared.status, cleared.body.dueAt, cleared.body.description, cleared.body.priority]).toEqual([
        200,
        null,
        null,
        'high',
      ]);
      for (const [method, path, body] of [
        ['PATCH', `/rooms/${ids['room']}`, { name: null }],
        ['PATCH', `/messages/${ids['message']}`, { body: null }],
        ['POST', '/tasks', { title: '과제', roomId: null }],
        ['PUT', `/wall-posts/${ids['post']}/like`, { on: null }],
      ] as const) {
        const answer = await send(t.baseUrl, method, path, { token: admin.token, body: JSON.stringify(body) });
        expect([path, answer.status, answer.body?.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      }
      // A meeting without recurrence may say so with null, as the web client does.
      expect(
        (
          await admin.call('POST', '/meetings', {
            title: '한 번',
            startsAt: later(2),
            durationMinutes: 30,
            userIds: [ids['user']],
            recurrence: null,
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('one length limit for a message', () => {
    it('counts characters as people do and answers MESSAGE_TOO_LONG however the message is long', async () => {
      const post = (body: string) =>
        admin.call<{ code: string; details: { maxLength: number; length: number } }>(
          'POST',
          `/rooms/${ids['room']}/messages`,
          { clientMessageId: cid(), body },
        );
      for (const [body, length] of [
        ['a'.repeat(10_001), 10_001],
        ['😀'.repeat(5_001) + 'a'.repeat(5_000), 10_001],
        ['가'.repeat(10_001), 10_001],
      ] as const) {
        const answer = await post(body);
        expect([answer.status, answer.body.code, answer.body.details]).toEqual([
          400,
          'MESSAGE_TOO_LONG',
          { maxLength: 10_000, length },
        ]);
      }
      // 10,000 emoji are 20,000 UTF-16 units and 10,000 characters; a decomposed (NFD) syllable is one too.
      expect((await post('😀'.repeat(10_000))).status).toBe(201);
      expect((await post('한'.normalize('NFD').repeat(10_000))).status).toBe(201);
      const edit = await admin.call<{ code: string }>('PATCH', `/messages/${ids['message']}`, {
        body: 'a'.repeat(10_001),
      });
      expect([edit.status, edit.body.code]).toEqual([400, 'MESSAGE_TOO_LONG']);
      const socket = await admin.socket();
      sockets.push(socket);
      const ack = await socket.emitWithAck('message.send', {
        roomId: ids['room'],
        clientMessageId: cid(),
        body: '😀'.repeat(10_001),
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LONG' } });
    });
  });

  describe('validation problems in Korean and English', () => {
    it('gives each problem both texts and answers problems in the asked language', async () => {
      const ask = (language: string) =>
        send(t.baseUrl, 'POST', '/auth/login', {
          body: JSON.stringify({ login: 'x', extra: 1 }),
          headers: { 'accept-language': language },
        });
      const [ko, en] = [await ask('ko-KR'), await ask('en-US')];
      expect(ko.body?.details?.fields).toEqual([
        {
          field: 'extra',
          problems: ['알 수 없는 항목입니다(extra). 빼고 보내세요.'],
          messages: [{ ko: '알 수 없는 항목입니다(extra). 빼고 보내세요.', en: 'property extra should not exist' }],
        },
        {
          field: 'password',
          problems: ['비밀번호를 입력하세요.'],
          messages: [{ ko: '비밀번호를 입력하세요.', en: 'password is required' }],
        },
      ]);
      expect(en.body?.details?.fields?.map((f) => f.problems)).toEqual([
        ['property extra should not exist'],
        ['password is required'],
      ]);
      expect(ko.body?.message).toBe(
        '요청 내용이 올바르지 않습니다: 알 수 없는 항목입니다(extra). 빼고 보내세요. 외 1건',
      );
      expect(en.body?.message).toBe('The request is not valid: property extra should not exist (and 1 more)');
    });

    it('speaks plain Korean to citizens on the public endpoints', async () => {
      const answer = await send(t.baseUrl, 'POST', '/public/consultations', {
        body: JSON.stringify({
          topicId: 'x',
          startsAt: later(5),
          name: '홍'.repeat(101),
          summary: '요지',
          privacyAccepted: false,
        }),
        headers: { 'accept-language': 'ko' },
      });
      expect(answer.status).toBe(400);
      const problems = Object.fromEntries((answer.body?.details?.fields ?? []).map((f) => [f.field, f.problems]));
      expect(problems).toEqual({
        topicId: ['상담 주제가 올바른 ID가 아닙니다.'],
        name: ['이름은 100자 이하로 입력하세요.'],
        email: ['이메일 주소를 입력하세요.'],
        privacyAccepted: ['개인정보 수집·이용 동의가 필요합니다.'],
      });
      const topics = await send(t.baseUrl, 'GET', '/public/consultations/topics?agency=%ED%95%9C', {
        headers: { 'accept-language': 'ko' },
      });
      expect(topics.body?.details?.fields?.[0]?.problems).toEqual(['기관 코드 형식이 올바르지 않습니다.']);
    });

    it('gives socket acks both texts too', async () => {
      const socket = await admin.socket();
      sockets.push(socket);
      const ack = (await socket.emitWithAck('message.send', {
        roomId: ids['room'],
        clientMessageId: 'short',
        body: '안녕',
      })) as { ok: false; error: Coded };
      expect(ack.error.details?.fields?.[0]).toMatchObject({
        field: 'clientMessageId',
        messages: [
          { ko: '메시지 ID 형식이 올바르지 않습니다.', en: expect.stringContaining('clientMessageId must match') },
        ],
      });
    });
  });
});
