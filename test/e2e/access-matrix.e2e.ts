import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isResourcePermission } from '../../src/access/permissions.js';
import { ConsultationNotifier } from '../../src/consultations/consultation-notifier.service.js';
import { UserRole } from '../../src/identity/identity.types.js';
import { hashToken } from '../../src/meetings/meeting-invitations.service.js';
import { ApiClient, uploadChunked } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
interface Operation {
  'x-permission'?: string;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Who signs in (as staff), who holds only a link's token, and who holds nothing. */
const STAFF = [
  'member',
  'same-staff',
  'same-agency-admin',
  'other-staff',
  'other-agency-admin',
  'system-admin',
] as const;
const LINK_HOLDERS = {
  guest: 'guest-link',
  'other-guest': 'guest-link',
  citizen: 'manage-link',
  'other-citizen': 'manage-link',
} as const;
type Staff = (typeof STAFF)[number];
type LinkHolder = keyof typeof LINK_HOLDERS;
type Role = Staff | LinkHolder | 'signed-out';
const isLinkHolder = (role: Role): role is LinkHolder => role in LINK_HOLDERS;

/** What the seeded data is made of; each has its own text, so an answer shows whose it carries. */
type Resource =
  | 'room'
  | 'message'
  | 'file'
  | 'task'
  | 'memo'
  | 'meeting'
  | 'wall'
  | 'consultation'
  | 'other-meeting'
  | 'other-consultation';

interface Route {
  method: string;
  path: string;
  permission: string;
  /** A JSON body the route's validation lets through, so that a refusal is the access check's. */
  input?: unknown;
}
interface Call {
  role: Role;
  method: string;
  path: string;
  permission: string;
  status: number;
  body: string;
}

/** The routes that need no session prove themselves another way (a link's token, a signature) or are open to all. */
const SESSIONLESS = new Set(['public', 'guest-link', 'manage-link', 'signed-request', 'metrics']);

/**
 * What each staff caller who is not the member holds of the seeded resources with a route's
 * resource permission, as the resources' policies (the *.access.ts files in src) say: a task is read
 * by the staff of its agency (task.access.ts); a wall of an agency is read and written by its staff
 * and moderated by its agency admins (wall.access.ts); system administrators read any meeting and
 * see its attendance (meeting.access.ts). Being of the same agency opens no room, message, file,
 * memo, meeting nor consultation one is not in (an agency admin's reach beyond that is an agency
 * room, the agency's people, and its statistics).
 */
const HOLDS: Partial<Record<Role, readonly string[]>> = {
  'same-staff': ['task.read', 'wall.read', 'wall.write'],
  'same-agency-admin': ['task.read', 'wall.read', 'wall.write', 'wall.manage'],
  'system-admin': ['meeting.read', 'meeting.host'],
};

/**
 * Every route of the OpenAPI document, called as each kind of caller against one agency's
 * resources (a room, a message, a file, a task, a memo, a meeting, a wall with a post and a comment,
 * a consultation): the staff member who made them; staff of the same agency in none of them, and
 * that agency's admin; staff and an agency admin of another agency; a system administrator; someone
 * signed out; an outside guest of the meeting and a guest of another meeting (their personal tokens
 * from the invitation mails); the citizen of the consultation and the citizen of another one (their
 * manage-link tokens). What each may do follows from the route's x-permission and what the caller
 * holds (HOLDS); a leak is a 2xx where a refusal is expected, or an answer carrying the text or ids
 * of a resource the caller may not see. A link holder's token is no session: as a bearer token it
 * opens no session route, and on a link route it opens only its own meeting or consultation.
 * A change (POST, PUT, PATCH, DELETE) is tried only by callers who must be refused it, and by the
 * other guest and the other citizen on their own link (what they change is no one else's: the
 * test then checks that the meeting and the consultation are untouched). A change carries a body
 * built from the route's OpenAPI schema (its examples), and a few reads the query they require, so
 * that a refusal comes from the access check and not from the request's validation.
 *
 * Checked by hand that it fails (each broken alone, then restored): a guest link that finds any
 * guest's meeting rather than its token's (MeetingRepository.participantByTokenHash ignoring the
 * hash) leaks the meeting's title to the other guest and to the citizens' tokens; a manage link that
 * opens whichever consultation has a link (ConsultationRepository.findIdByManageHash ignoring the
 * hash, ConsultationService.byManageToken no longer comparing the token) shows the citizen's
 * consultation to the other citizen and lets a guest's token cancel it; counting an agency admin as
 * complaint staff (ConsultationAccessPolicy) lets the same agency's admin read and cancel the
 * consultation; letting the staff of a task's agency change its status (TaskAccessPolicy) is caught
 * only since the bodies are valid (an empty one stopped at validation). Trying five staff callers at once also found refused meeting changes waiting 10 s
 * each for a second pool connection (fixed in MeetingService.change).
 */
describe('access matrix: every route × caller × resource', () => {
  let t: TestApp;
  let doc: OpenApi;
  const run = randomUUID();
  const text = (resource: Resource): string => `비밀-${resource}-${run}`;
  const ids: Record<string, string> = {};
  const secrets = {} as Record<Resource, string[]>;
  const clients: Partial<Record<Staff, ApiClient>> = {};
  const tokens: Partial<Record<LinkHolder, string>> = {};
  const year = new Date().getUTCFullYear();
  /** Queries without which a route stops at validation before it asks who is calling. */
  const QUERIES: Record<string, string> = {
    '/stats/meetings': `year=${year}`,
    '/search/messages': `q=${encodeURIComponent(text('message'))}`,
    '/rooms/{roomId}/files': `name=${encodeURIComponent('검증.txt')}`,
    '/rooms/{id}/documents/file': `path=${encodeURIComponent('/회의자료/안건.hwp')}`,
    '/meetings/calendar': `from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 7 * 86_400_000).toISOString())}`,
  };

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig({ roles: ['api'] }));
    doc = (await (await fetch(`${t.baseUrl}/api/docs/openapi.json`)).json()) as OpenApi;
    const db = t.app.get(DataSource);
    const factory = new Factory(t.app);
    const mine = await factory.agency({ code: '1741000', name: '행정안전부' });
    const other = await factory.agency({ code: '1140100', name: '국민권익위원회' });
    const kim = await factory.user(mine, { login: 'kim.matrix', displayName: '김행안' });
    const lee = await factory.user(mine, { login: 'lee.matrix', displayName: '이행안' });
    await factory.user(mine, { login: 'choi.matrix', displayName: '최행안' });
    await factory.user(mine, {
      login: 'admin.mine.matrix',
      displayName: '행안관리자',
      roles: [UserRole.Member, UserRole.AgencyAdmin],
    });
    await factory.user(other, { login: 'park.matrix', displayName: '박권익' });
    await factory.user(other, {
      login: 'admin.matrix',
      displayName: '관리자',
      roles: [UserRole.Member, UserRole.AgencyAdmin],
    });
    await factory.user(other, {
      login: 'root.matrix',
      displayName: '시스템',
      roles: [UserRole.Member, UserRole.SystemAdmin],
    });
    const logins: Record<Staff, string> = {
      member: 'kim.matrix',
      'same-staff': 'choi.matrix',
      'same-agency-admin': 'admin.mine.matrix',
      'other-staff': 'park.matrix',
      'other-agency-admin': 'admin.matrix',
      'system-admin': 'root.matrix',
    };
    await Promise.all(STAFF.map(async (role) => (clients[role] = await ApiClient.signIn(t.baseUrl, logins[role]))));
    const member = clients.member;
    if (!member) throw new Error('no member');
    ids['agency'] = mine.id;
    ids['user'] = kim.id;
    ids['room'] = (
      await member.call<{ id: string }>('POST', '/rooms', {
        kind: 'group',
        name: `${text('room')} 방`,
        userIds: [lee.id],
      })
    ).body.id;
    ids['message'] = (
      await member.call<{ id: string }>('POST', `/rooms/${ids['room']}/messages`, {
        clientMessageId: `c-${randomUUID()}`,
        body: text('message'),
      })
    ).body.id;
    ids['file'] = (
      await uploadChunked(t.baseUrl, member, ids['room'] ?? '', `${text('file')}.txt`, Buffer.from(text('file')))
    ).body.id;
    ids['task'] = (
      await member.call<{ id: string }>('POST', '/tasks', { title: `${text('task')} 과제`, assigneeIds: [lee.id] })
    ).body.id;
    ids['memo'] = (
      await member.call<{ id: string }>('POST', '/memos', {
        title: `${text('memo')} 메모`,
        body: text('memo'),
        userIds: [lee.id],
      })
    ).body.id;
    // The meeting and another of the member's, each with an outside guest: the invitation mail (stored when the meeting is scheduled) carries the guest's personal token.
    const schedule = async (resource: Resource, guest: string): Promise<string> =>
      (
        await member.call<{ id: string }>('POST', '/meetings', {
          title: `${text(resource)} 회의`,
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          durationMinutes: 30,
          userIds: [lee.id],
          guests: [{ email: guest, name: '외부 위원' }],
        })
      ).body.id;
    const guestToken = async (email: string): Promise<string> => {
      const [mail] = await db.query<Array<{ text_body: string }>>(
        `SELECT text_body FROM outbound_mails WHERE to_address = $1`,
        [email],
      );
      return /\/meetings\/guest\/([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '')?.[1] ?? '';
    };
    ids['meeting'] = await schedule('meeting', 'guest.matrix@example.org');
    const otherMeeting = await schedule('other-meeting', 'other.guest.matrix@example.org');
    tokens.guest = await guestToken('guest.matrix@example.org');
    tokens['other-guest'] = await guestToken('other.guest.matrix@example.org');
    // The member's agency wall (made on first listing), a post and a comment on it.
    const walls = (await member.call<Array<{ id: string; kind: string }>>('GET', '/walls')).body;
    ids['wall'] = walls.find((w) => w.kind === 'agency')?.id ?? '';
    ids['post'] = (
      await member.call<{ id: string }>('POST', `/walls/${ids['wall']}/posts`, { body: `${text('wall')} 게시글` })
    ).body.id;
    ids['comment'] = (
      await member.call<{ id: string }>('POST', `/wall-posts/${ids['post']}/comments`, { body: `${text('wall')} 댓글` })
    ).body.id;
    // Two citizens' consultations with the member as investigator (stored directly: booking needs a schedule this test is not about), and each one's manage-link token as a confirmed booking gets it.
    const booking = t.app.get(ConsultationNotifier);
    const consult = async (
      resource: Resource,
      days: number,
      citizen: string,
    ): Promise<{ id: string; token: string }> => {
      const startsAt = new Date(Date.now() + days * 86_400_000);
      const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
      const [row] = await db.query<Array<{ id: string }>>(
        `INSERT INTO consultations (agency_id, investigator_id, status, starts_at, ends_at, blocked_from, blocked_until, citizen_name, citizen_email, summary, booked_via, booked_by)
         VALUES ($1, $2, 'confirmed', $3, $4, $3, $4, $5, $6, $7, 'staff', $2) RETURNING id`,
        [mine.id, kim.id, startsAt, endsAt, `민원인 ${citizen}`, `${citizen}@example.org`, `${text(resource)} 상담`],
      );
      const id = row?.id ?? '';
      const token = booking.manageToken({ id, tokenVersion: 0 });
      await db.query(`UPDATE consultations SET manage_token_hash = $2 WHERE id = $1`, [id, hashToken(token)]);
      secrets[resource] = [id, text(resource), `민원인 ${citizen}`, `${citizen}@example.org`];
      return { id, token };
    };
    const x = await consult('consultation', 2, `x${run.slice(0, 8)}`);
    const y = await consult('other-consultation', 3, `y${run.slice(0, 8)}`);
    ids['consultation'] = x.id;
    [tokens.citizen, tokens['other-citizen']] = [x.token, y.token];
    for (const [name, id] of Object.entries({ ...ids, ...tokens, otherMeeting, otherConsultation: y.id }))
      if (!id) throw new Error(`seeding ${name} failed`);
    const seeded = (name: string): string => ids[name] ?? '';
    Object.assign(secrets, {
      room: [seeded('room'), text('room')],
      message: [seeded('message'), text('message')],
      file: [seeded('file'), text('file')],
      task: [seeded('task'), text('task')],
      memo: [seeded('memo'), text('memo')],
      meeting: [seeded('meeting'), text('meeting')],
      'other-meeting': [otherMeeting, text('other-meeting')],
      wall: [seeded('wall'), seeded('post'), seeded('comment'), text('wall')],
    });
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  /** A value its schema accepts: the example it gives, else the first choice, else the simplest of its type (an object: its required fields). */
  const sample = (schema: Schema | undefined, depth = 0): unknown => {
    if (!schema || depth > 5) return undefined;
    if (schema.$ref) return sample(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], depth + 1);
    if (schema.example !== undefined) return schema.example;
    if (schema.enum?.length) return schema.enum[0];
    if (schema.type === 'object')
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [name, sample(schema.properties?.[name], depth + 1)]),
      );
    if (schema.type === 'array') return [sample(schema.items, depth + 1)];
    if (schema.type === 'boolean') return true;
    if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
    if (schema.format === 'date-time') return new Date(Date.now() + 5 * 86_400_000).toISOString();
    if (schema.format === 'uuid') return randomUUID();
    return schema.type === 'string' ? '검증용' : undefined;
  };

  /** The path with its parameters filled: the seeded resource the route is about (a link route: the caller's token), else an id nobody holds. */
  const fill = (path: string, token: string | undefined): string =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'token') return token ?? randomUUID();
      if (name === 'emoji') return encodeURIComponent('👍');
      if (name === 'ordinal') return '0';
      if (name === 'agencyId') return ids['agency'] ?? '';
      if (name === 'userId') return ids['user'] ?? '';
      if (name === 'messageId') return ids['message'] ?? '';
      if (name === 'fileId') return ids['file'] ?? '';
      if (name === 'roomId') return ids['room'] ?? '';
      if (name === 'wallId') return ids['wall'] ?? '';
      if (name === 'postId') return ids['post'] ?? '';
      if (name === 'commentId') return ids['comment'] ?? '';
      if (name === 'id' && path.startsWith('/consultations/{id}')) return ids['consultation'] ?? '';
      if (name === 'id') {
        const resource = /^\/(rooms|tasks|memos|meetings)\//.exec(path)?.[1];
        return (resource && ids[resource.replace(/s$/, '')]) ?? randomUUID();
      }
      return randomUUID();
    });

  /** Whether `role` may be let through a route asking `permission`; false means a 2xx is a leak. */
  const mayPass = (role: Role, method: string, path: string, permission: string): boolean => {
    // A link's token opens its own kind of link route, and nothing else (it is no session).
    if (isLinkHolder(role)) return permission === LINK_HOLDERS[role];
    if (role === 'member' || SESSIONLESS.has(permission)) return true;
    if (role === 'signed-out') return false;
    if (permission === 'session') return true;
    // Statistics: an agency admin's own agency's, a system administrator's all.
    if (permission === 'stats.read') return ['same-agency-admin', 'other-agency-admin', 'system-admin'].includes(role);
    if (permission === 'system-admin') return role === 'system-admin';
    // An agency admin administers their agency (the member's, named by {agencyId} or {userId}); another agency's admin only their own.
    if (permission === 'agency-admin')
      return (
        role === 'system-admin' ||
        role === 'same-agency-admin' ||
        (role === 'other-agency-admin' && !/\{(agencyId|userId)\}/.test(path))
      );
    if (isResourcePermission(permission)) {
      // Lists and creations name no resource of the member's: they answer with the caller's own.
      if (!/\{/.test(path)) return true;
      if (role === 'system-admin' && method !== 'get') return false;
      return HOLDS[role]?.includes(permission) === true;
    }
    return false;
  };

  /** The seeded resources whose content `role` may see in the answer to this call. */
  const entitled = (role: Role, method: string, permission: string): Set<Resource> => {
    if (role === 'member') return new Set(Object.keys(secrets) as Resource[]);
    if (role === 'same-staff' || role === 'same-agency-admin') return new Set(['task', 'wall']);
    if (role === 'system-admin' && method === 'get' && permission.startsWith('meeting.'))
      return new Set(['meeting', 'other-meeting']);
    if (role === 'guest' && permission === 'guest-link') return new Set(['meeting']);
    if (role === 'other-guest' && permission === 'guest-link') return new Set(['other-meeting']);
    if (role === 'citizen' && permission === 'manage-link') return new Set(['consultation']);
    if (role === 'other-citizen' && permission === 'manage-link') return new Set(['other-consultation']);
    return new Set();
  };

  const call = async (role: Role, { method, path, permission, input }: Route): Promise<Call> => {
    const token = isLinkHolder(role) ? tokens[role] : undefined;
    // Staff present their session; a link holder their token, in the link's path or else as a bearer token.
    const bearer =
      role === 'signed-out' || isLinkHolder(role)
        ? path.includes('{token}')
          ? undefined
          : token
        : clients[role]?.token;
    const query = QUERIES[path];
    const url = `${t.baseUrl}${fill(path, token)}${query ? `?${query}` : ''}`;
    const init: RequestInit = {
      method: method.toUpperCase(),
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    };
    if (['post', 'put', 'patch'].includes(method)) {
      init.body = JSON.stringify(input ?? {});
      init.headers = { ...init.headers, 'content-type': 'application/json' };
    }
    const res = await fetch(url, init);
    return { role, method, path, permission, status: res.status, body: await res.text() };
  };

  it('lets no caller through to what is not theirs, and no answer carries what its caller may not see', async () => {
    const routes: Route[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        path,
        method,
        permission: op['x-permission'] ?? '',
        input: sample(op.requestBody?.content?.['application/json']?.schema),
      })),
    );
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => r.permission === 'guest-link').length).toBeGreaterThan(0);
    expect(routes.filter((r) => r.permission === 'manage-link').length).toBeGreaterThan(0);
    const outsiders: Role[] = [
      'same-staff',
      'same-agency-admin',
      'other-staff',
      'other-agency-admin',
      'system-admin',
      'signed-out',
      'guest',
      'citizen',
    ];
    const linkHolders = Object.keys(LINK_HOLDERS) as LinkHolder[];
    const calls: Call[] = [];
    // The member reads each resource (so the ids are right and a refusal to others means something); outsiders try everything.
    for (const route of routes) {
      const { path, method, permission } = route;
      if (method === 'get' && /\{/.test(path) && isResourcePermission(permission))
        calls.push(await call('member', route));
      // A route taking a link's token is tried by every link holder with their own (a guest's on a citizen's route too).
      if (path.includes('{token}')) {
        const holders = linkHolders.filter(
          (role) => method === 'get' || role.startsWith('other-') || !mayPass(role, method, path, permission),
        );
        calls.push(...(await Promise.all(holders.map((role) => call(role, route)))));
        continue;
      }
      if (SESSIONLESS.has(permission)) continue;
      // A change is tried only by those who must be refused it (a permitted one would change what the others are tested against).
      const callers = outsiders.filter((role) => method === 'get' || !mayPass(role, method, path, permission));
      calls.push(...(await Promise.all(callers.map((role) => call(role, route)))));
    }
    const leaks = calls
      .filter((c) => c.role !== 'member')
      .filter((c) => {
        if (c.status >= 200 && c.status < 300 && !mayPass(c.role, c.method, c.path, c.permission)) return true;
        const sees = entitled(c.role, c.method, c.permission);
        return Object.entries(secrets).some(
          ([resource, values]) => !sees.has(resource as Resource) && values.some((s) => c.body.includes(s)),
        );
      })
      .map(
        (c) => `${c.role} ${c.method.toUpperCase()} ${c.path} (${c.permission}): ${c.status} ${c.body.slice(0, 120)}`,
      );
    // A call that stops at the request's validation tests nothing: each route gets a body or query it accepts (sample, QUERIES).
    const stoppedAtValidation = calls
      .filter((c) => c.status === 400)
      .map((c) => `${c.role} ${c.method.toUpperCase()} ${c.path}: ${c.body.slice(0, 120)}`);
    // Without a session (signed out, or a link's token in its place) every session route answers 401.
    const letInWithoutSession = calls
      .filter(
        (c) =>
          ['signed-out', 'guest', 'citizen'].includes(c.role) && !SESSIONLESS.has(c.permission) && c.status !== 401,
      )
      .map((c) => `${c.role} ${c.method.toUpperCase()} ${c.path}: ${c.status}`);
    const memberRefused = calls
      .filter(
        (c) =>
          c.role === 'member' &&
          [
            '/rooms/{roomId}',
            '/rooms/{roomId}/messages',
            '/messages/{messageId}',
            '/files/{fileId}',
            '/tasks/{id}',
            '/memos/{id}',
            '/meetings/{id}',
            '/walls/{wallId}/posts',
            '/wall-posts/{postId}/comments',
            '/consultations/{id}',
          ].includes(c.path),
      )
      .filter((c) => c.status !== 200)
      .map((c) => `${c.path}: ${c.status}`);
    // Each link holder's own link works (so its refusals elsewhere mean something), and the same agency's people see what is theirs to see.
    const ownReads = new Map<Role, string[]>([
      ...linkHolders.map((role): [Role, string[]] => [
        role,
        ['/meetings/guest/{token}', '/public/consultations/manage/{token}'],
      ]),
      ['same-staff', ['/tasks/{id}', '/walls/{wallId}/posts']],
      ['same-agency-admin', ['/tasks/{id}', '/walls/{wallId}/posts', '/stats/meetings']],
    ]);
    const refusedOwn = calls
      .filter(
        (c) =>
          c.method === 'get' &&
          ownReads.get(c.role)?.includes(c.path) === true &&
          mayPass(c.role, c.method, c.path, c.permission),
      )
      .filter((c) => c.status !== 200)
      .map((c) => `${c.role} ${c.path}: ${c.status}`);
    const ownReadsMade = calls.filter(
      (c) =>
        c.method === 'get' &&
        ownReads.get(c.role)?.includes(c.path) === true &&
        mayPass(c.role, c.method, c.path, c.permission),
    ).length;
    // What the other guest and the other citizen changed through their own links was theirs alone.
    const statusNow = async (role: LinkHolder, path: string): Promise<string> =>
      ((await (await fetch(`${t.baseUrl}${fill(path, tokens[role])}`)).json()) as { status: string }).status;
    const states = {
      meeting: await statusNow('guest', '/meetings/guest/{token}'),
      consultation: await statusNow('citizen', '/public/consultations/manage/{token}'),
      'other-consultation': await statusNow('other-citizen', '/public/consultations/manage/{token}'),
    };
    const statuses = new Map<string, number>();
    for (const c of calls) statuses.set(`${c.role} ${c.status}`, (statuses.get(`${c.role} ${c.status}`) ?? 0) + 1);
    process.stderr.write(
      `[matrix] ${routes.length} routes, ${calls.length} calls, ${leaks.length} leaks; answers: ${[...statuses].map(([k, n]) => `${k}×${n}`).join(', ')}\n`,
    );
    expect(memberRefused).toEqual([]);
    expect(refusedOwn).toEqual([]);
    expect(ownReadsMade).toBe(9);
    expect(letInWithoutSession).toEqual([]);
    expect(leaks).toEqual([]);
    expect(stoppedAtValidation).toEqual([]);
    expect(states).toEqual({ meeting: 'scheduled', consultation: 'confirmed', 'other-consultation': 'cancelled' });
  }, 120_000);
});
