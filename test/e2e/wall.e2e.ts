import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FileView } from '../../src/files/file.service.js';
import type { WallReportedView } from '../../src/wall/wall-moderation.service.js';
import type { WallCommentView, WallPostView, WallView } from '../../src/wall/wall.service.js';
import { DirectoryService } from '../../src/identity/directory.service.js';
import { UserKind } from '../../src/identity/identity.types.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { Factory, TEST_PASSWORD } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

type Who = 'kim' | 'lee' | 'admin' | 'choi' | 'root';

describe('walls: government, agency and topic walls, anonymous posting, moderation, order and pages', () => {
  let api: TestApp;
  const clients = {} as Record<Who, ApiClient>;
  const ids = {} as Record<Who, string>;
  const logins = {} as Record<Who, string>;
  let government: WallView;
  let moisWall: WallView;

  const wallsOf = async (who: Who) => (await clients[who].call<WallView[]>('GET', '/walls')).body;
  const posts = async (who: Who, wallId: string, query = '') =>
    (
      await clients[who].call<{ posts: WallPostView[]; nextCursor: string | null }>(
        'GET',
        `/walls/${wallId}/posts${query}`,
      )
    ).body;
  const write = async (who: Who, wallId: string, body: string, extra: Record<string, unknown> = {}) =>
    (await clients[who].call<WallPostView>('POST', `/walls/${wallId}/posts`, { body, ...extra })).body;

  beforeAll(async () => {
    api = await startTestApp(await createTestConfig({ roles: ['api'], env: { WALL_WRITES_PER_HOUR: '12' } }));
    const factory = new Factory(api.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    const moef = await factory.agency({ code: '1051000', name: '기획재정부' });
    const people: Array<[Who, typeof mois, string, string[]]> = [
      ['kim', mois, '김행안', ['member']],
      ['lee', mois, '이행안', ['member']],
      ['admin', mois, '관리행안', ['member', 'agency_admin']],
      ['choi', moef, '최기재', ['member']],
      ['root', moef, '시스템관리', ['member', 'system_admin']],
    ];
    for (const [who, agency, name, roles] of people) {
      logins[who] = `${who}.${agency.code}`;
      ids[who] = (await factory.user(agency, { login: logins[who], displayName: name, roles: roles as never })).id;
      clients[who] = await ApiClient.signIn(api.baseUrl, logins[who]);
    }
  });

  afterAll(async () => {
    await api.close();
  });

  it('everyone reads the government wall; an agency wall only its own staff', async () => {
    const kimWalls = await wallsOf('kim');
    government = kimWalls.find((w) => w.kind === 'government') as WallView;
    moisWall = kimWalls.find((w) => w.kind === 'agency') as WallView;
    expect([government.name, moisWall.name]).toEqual(['범정부 담벼락', '행정안전부 담벼락']);
    const choiWalls = await wallsOf('choi');
    expect(choiWalls.map((w) => w.id)).toContain(government.id);
    expect(choiWalls.map((w) => w.id)).not.toContain(moisWall.id);
    expect((await clients.choi.call('GET', `/walls/${moisWall.id}/posts`)).status).toBe(404);
    expect((await clients.choi.call('POST', `/walls/${moisWall.id}/posts`, { body: '들어가도 되나요' })).status).toBe(
      404,
    );
    expect(moisWall.moderator).toBe(false);
    expect((await wallsOf('admin')).find((w) => w.id === moisWall.id)?.moderator).toBe(true);
  });

  it('no reader, moderators included, can learn who wrote an anonymous post or comment; the author is kept for moderation', async () => {
    const refused = await clients.kim.call<{ code: string }>('POST', `/walls/${moisWall.id}/posts`, {
      body: '익명으로',
      anonymous: true,
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'WALL_ANONYMOUS_NOT_ALLOWED']);

    const upload = await fetch(`${api.baseUrl}/files?name=${encodeURIComponent('제안서.txt')}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clients.kim.token}` },
      body: '야근 줄이기 제안',
    });
    const file = (await upload.json()) as FileView;
    const secret = await write('kim', government.id, '회의 자료를 하루 전에 공유하면 좋겠습니다.', {
      anonymous: true,
      fileIds: [file.id],
      clientKey: 'anon-post-1',
    });
    expect(secret).toMatchObject({ author: null, anonymous: true, mine: true });
    const again = await clients.kim.call<WallPostView>('POST', `/walls/${government.id}/posts`, {
      body: '다른 내용',
      anonymous: true,
      clientKey: 'anon-post-1',
    });
    expect([again.status, again.body.id]).toEqual([200, secret.id]);
    await clients.lee.call('POST', `/wall-posts/${secret.id}/comments`, { body: '동의합니다', anonymous: true });
    await clients.choi.call('POST', `/wall-posts/${secret.id}/comments`, { body: '기재부도 같은 생각입니다' });

    // Every reader's every view of the post, its comments and its file, read as raw text, names nothing of Kim's.
    const kimTraces = [ids.kim, logins.kim, '김행안'];
    const leeTraces = [ids.lee, logins.lee, '이행안'];
    for (const who of ['lee', 'choi', 'admin', 'root'] as Who[]) {
      const texts = [
        JSON.stringify(await posts(who, government.id)),
        JSON.stringify(await posts(who, government.id, '?order=popular')),
        JSON.stringify((await clients[who].call('GET', `/wall-posts/${secret.id}/comments`)).body),
        JSON.stringify((await clients[who].call('GET', `/files/${file.id}`)).body),
        JSON.stringify((await clients[who].call('PUT', `/wall-posts/${secret.id}/like`, { on: true })).body),
      ];
      for (const text of texts) for (const trace of kimTraces) expect(text).not.toContain(trace);
      if (who !== 'lee') for (const text of texts) for (const trace of leeTraces) expect(text).not.toContain(trace);
    }
    const comments = (await clients.kim.call<WallCommentView[]>('GET', `/wall-posts/${secret.id}/comments`)).body;
    expect(comments.map((c) => [c.author?.displayName ?? null, c.body])).toEqual([
      [null, '동의합니다'],
      ['최기재', '기재부도 같은 생각입니다'],
    ]);
    const stored = await withAdmin(
      api.config.database.url,
      async (c) =>
        (await c.query<{ author_id: string }>(`SELECT author_id FROM wall_posts WHERE id = $1`, [secret.id])).rows[0]
          ?.author_id,
    );
    expect(stored).toBe(ids.kim);
  });

  it('orders newest and popular with cursor pages; reports, and hiding by the agency’s administrator only', async () => {
    const made: WallPostView[] = [];
    for (let i = 1; i <= 5; i++) made.push(await write(i % 2 ? 'kim' : 'lee', moisWall.id, `게시글 ${i}`));
    // Likes: post 2 by three people, post 4 by one; a comment on post 5.
    for (const who of ['kim', 'lee', 'admin'] as Who[])
      await clients[who].call('PUT', `/wall-posts/${made[1]?.id ?? ''}/like`, { on: true });
    await clients.kim.call('PUT', `/wall-posts/${made[3]?.id ?? ''}/like`, { on: true });
    await clients.lee.call('PUT', `/wall-posts/${made[3]?.id ?? ''}/like`, { on: true });
    await clients.lee.call('PUT', `/wall-posts/${made[3]?.id ?? ''}/like`, { on: false });
    await clients.kim.call('POST', `/wall-posts/${made[4]?.id ?? ''}/comments`, { body: '좋네요' });

    const walk = async (order: string) => {
      const bodies: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { posts: WallPostView[]; nextCursor: string | null } = await posts(
          'lee',
          moisWall.id,
          `?order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        bodies.push(...page.posts.map((p) => p.body));
        cursor = page.nextCursor;
      }
      return bodies;
    };
    expect(await walk('newest')).toEqual(['게시글 5', '게시글 4', '게시글 3', '게시글 2', '게시글 1']);
    expect(await walk('popular')).toEqual(['게시글 2', '게시글 4', '게시글 5', '게시글 3', '게시글 1']);

    const target = made[2]?.id ?? '';
    expect((await clients.lee.call('POST', `/wall-posts/${target}/reports`, { reason: '부적절한 내용' })).body).toEqual(
      { reported: true },
    );
    expect((await clients.lee.call('POST', `/wall-posts/${target}/reports`, { reason: '다시' })).body).toEqual({
      reported: false,
    });
    const notAllowed = await clients.lee.call<{ code: string }>('PUT', `/wall-posts/${target}/hidden`, { on: true });
    expect([notAllowed.status, notAllowed.body.code]).toEqual([403, 'WALL_NOT_MODERATOR']);
    expect((await clients.root.call('PUT', `/wall-posts/${target}/hidden`, { on: true })).status).toBe(404); // another agency's wall: not even visible
    const hidden = await clients.admin.call<WallPostView>('PUT', `/wall-posts/${target}/hidden`, { on: true });
    expect(hidden.body.moderation).toEqual({ hidden: true, reports: 1 });
    expect((await posts('lee', moisWall.id)).posts.map((p) => p.body)).not.toContain('게시글 3');
    expect((await posts('kim', moisWall.id)).posts.map((p) => p.body)).not.toContain('게시글 3');
    expect((await posts('admin', moisWall.id)).posts.find((p) => p.body === '게시글 3')?.moderation).toEqual({
      hidden: true,
      reports: 1,
    });
    expect((await clients.lee.call('GET', `/wall-posts/${target}/comments`)).status).toBe(404);

    // System administrators moderate the government wall; agency administrators do not.
    const gov = await write('choi', government.id, '범정부 공지');
    expect((await clients.admin.call('PUT', `/wall-posts/${gov.id}/hidden`, { on: true })).status).toBe(403);
    expect(
      (await clients.root.call<WallPostView>('PUT', `/wall-posts/${gov.id}/hidden`, { on: true })).body.moderation
        ?.hidden,
    ).toBe(true);
    // Only its author deletes a post.
    expect((await clients.lee.call('DELETE', `/wall-posts/${made[0]?.id ?? ''}`)).status).toBe(403);
    expect((await clients.kim.call('DELETE', `/wall-posts/${made[0]?.id ?? ''}`)).status).toBe(204);
    expect((await posts('lee', moisWall.id)).posts.map((p) => p.body)).not.toContain('게시글 1');
  });

  it('topic walls: system administrators open them to all, agency administrators to their agency', async () => {
    expect((await clients.kim.call('POST', '/walls', { name: '아이디어' })).status).toBe(403);
    const open = (
      await clients.root.call<WallView>('POST', '/walls', { name: '적극행정 아이디어', allowAnonymous: true })
    ).body;
    const own = (await clients.admin.call<WallView>('POST', '/walls', { name: '행안부 동호회', agencyOnly: true }))
      .body;
    expect((await wallsOf('choi')).map((w) => w.name)).toContain('적극행정 아이디어');
    expect((await wallsOf('choi')).map((w) => w.name)).not.toContain('행안부 동호회');
    expect((await wallsOf('lee')).map((w) => w.name)).toEqual(
      expect.arrayContaining(['적극행정 아이디어', '행안부 동호회']),
    );
    expect((await write('choi', open.id, '익명 제안', { anonymous: true })).author).toBeNull();
    expect((await clients.choi.call('GET', `/walls/${own.id}/posts`)).status).toBe(404);
    expect(
      (await clients.admin.call<WallView>('PATCH', `/walls/${own.id}`, { allowAnonymous: true })).body.allowAnonymous,
    ).toBe(true);
  });

  it('comments are reported once per person and hidden by moderators; the moderators’ view lists reports newest first without anonymous authors', async () => {
    type Reported = { items: WallReportedView[]; nextCursor: string | null };
    const commentsOf = async (who: Who, postId: string) =>
      (await clients[who].call<WallCommentView[]>('GET', `/wall-posts/${postId}/comments`)).body;
    const countOf = async (who: Who, postId: string) =>
      (await posts(who, government.id)).posts.find((p) => p.id === postId)?.commentCount;
    const reportComment = async (who: Who, commentId: string, reason: string) =>
      (await clients[who].call<{ reported: boolean }>('POST', `/wall-comments/${commentId}/reports`, { reason })).body;

    const anonPost = await write('kim', government.id, '익명 제안: 보고서 양식을 줄입시다', { anonymous: true });
    const anonComment = (
      await clients.lee.call<WallCommentView>('POST', `/wall-posts/${anonPost.id}/comments`, {
        body: '익명 댓글입니다',
        anonymous: true,
      })
    ).body;
    const namedComment = (
      await clients.choi.call<WallCommentView>('POST', `/wall-posts/${anonPost.id}/comments`, {
        body: '실명 댓글입니다',
      })
    ).body;

    // One report per person and comment; reasons are 1-500 characters.
    expect(await reportComment('choi', anonComment.id, '욕설')).toEqual({ reported: true });
    expect(await reportComment('choi', anonComment.id, '또 신고')).toEqual({ reported: false });
    expect(
      (await clients.choi.call<{ code: string }>('POST', `/wall-comments/${anonComment.id}/reports`, { reason: '   ' }))
        .body.code,
    ).toBe('VALIDATION_FAILED');
    expect(await reportComment('kim', namedComment.id, '광고')).toEqual({ reported: true });
    expect(
      (await clients.choi.call('POST', `/wall-posts/${anonPost.id}/reports`, { reason: '허위 사실' })).body,
    ).toEqual({ reported: true });
    expect(await reportComment('kim', anonComment.id, '비방')).toEqual({ reported: true });
    const missing = await clients.kim.call<{ code: string; messages: { ko: string; en: string } }>(
      'POST',
      `/wall-comments/${anonPost.id}/reports`,
      { reason: '없는 댓글' },
    );
    expect([missing.status, missing.body.code, missing.body.messages]).toEqual([
      404,
      'WALL_COMMENT_NOT_FOUND',
      { ko: '해당 댓글이 없습니다.', en: 'No such comment.' },
    ]);

    // Hiding: not readers, not an agency administrator on the government wall; a system administrator.
    const byReader = await clients.lee.call<{ code: string; messages: { ko: string } }>(
      'PUT',
      `/wall-comments/${anonComment.id}/hidden`,
      { on: true },
    );
    expect([byReader.status, byReader.body.code, byReader.body.messages.ko]).toEqual([
      403,
      'WALL_NOT_MODERATOR',
      '이 담벼락 기관의 관리자(또는 시스템 관리자)만 할 수 있습니다.',
    ]);
    expect((await clients.admin.call('PUT', `/wall-comments/${anonComment.id}/hidden`, { on: true })).status).toBe(403);
    expect(await countOf('kim', anonPost.id)).toBe(2);
    const hidden = await clients.root.call<WallCommentView>('PUT', `/wall-comments/${anonComment.id}/hidden`, {
      on: true,
    });
    expect(hidden.body).toMatchObject({ id: anonComment.id, author: null, moderation: { hidden: true, reports: 2 } });
    expect((await clients.root.call('PUT', `/wall-comments/${anonComment.id}/hidden`, { on: true })).status).toBe(200);
    for (const who of ['kim', 'lee', 'choi', 'admin'] as Who[]) {
      expect((await commentsOf(who, anonPost.id)).map((c) => c.body)).toEqual(['실명 댓글입니다']);
      expect(await countOf(who, anonPost.id)).toBe(1);
    }
    expect((await commentsOf('root', anonPost.id)).map((c) => [c.body, c.moderation])).toEqual([
      ['익명 댓글입니다', { hidden: true, reports: 2 }],
      ['실명 댓글입니다', { hidden: false, reports: 1 }],
    ]);
    expect((await commentsOf('kim', anonPost.id))[0]?.moderation).toBeUndefined();
    expect(
      (
        await clients.choi.call<{ code: string }>('POST', `/wall-comments/${anonComment.id}/reports`, {
          reason: '숨겨진 댓글',
        })
      ).body.code,
    ).toBe('WALL_COMMENT_NOT_FOUND');

    // The moderators' view: only moderators, only their walls, most recently reported first, one item a page.
    const refused = await clients.kim.call<{ code: string }>('GET', '/wall-reports');
    expect([refused.status, refused.body.code]).toEqual([403, 'WALL_NOT_MODERATOR']);
    const walk = async (who: Who) => {
      const items: WallReportedView[] = [];
      const raw: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const res = await fetch(`${api.baseUrl}/wall-reports?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: { authorization: `Bearer ${clients[who].token}` },
        });
        expect(res.status).toBe(200);
        const text = await res.text();
        raw.push(text);
        const page = JSON.parse(text) as Reported;
        items.push(...page.items);
        cursor = page.nextCursor;
      }
      return { items, raw };
    };
    const root = await walk('root');
    expect(root.items.map((i) => [i.kind, i.body, i.reports, i.hidden, i.author?.displayName ?? null])).toEqual([
      ['comment', '익명 댓글입니다', 2, true, null],
      ['post', '익명 제안: 보고서 양식을 줄입시다', 1, false, null],
      ['comment', '실명 댓글입니다', 1, false, '최기재'],
    ]);
    expect(root.items.map((i) => [i.postId, i.wallId, i.reasons])).toEqual([
      [anonPost.id, government.id, ['비방', '욕설']],
      [anonPost.id, government.id, ['허위 사실']],
      [anonPost.id, government.id, ['광고']],
    ]);
    // Read as raw text, nothing names the anonymous post's author (Kim) or the anonymous comment's (Lee).
    for (const text of root.raw)
      for (const trace of [ids.kim, logins.kim, '김행안', ids.lee, logins.lee, '이행안'])
        expect(text).not.toContain(trace);

    // The agency's administrator sees their agency's walls only: the earlier reported post, nothing of the government wall.
    const mine = (await clients.admin.call<Reported>('GET', '/wall-reports')).body;
    expect(mine.items.map((i) => [i.kind, i.body, i.wallId])).toEqual([['post', '게시글 3', moisWall.id]]);
    const moisPost = await write('lee', moisWall.id, '행안부 게시글');
    const moisComment = (
      await clients.kim.call<WallCommentView>('POST', `/wall-posts/${moisPost.id}/comments`, { body: '행안부 댓글' })
    ).body;
    expect(await reportComment('lee', moisComment.id, '중복')).toEqual({ reported: true });
    expect((await clients.admin.call<Reported>('GET', '/wall-reports')).body.items.map((i) => i.body)).toEqual([
      '행안부 댓글',
      '게시글 3',
    ]);
    expect((await clients.root.call<Reported>('GET', '/wall-reports')).body.items.map((i) => i.body)).not.toContain(
      '행안부 댓글',
    );
    expect(
      (await clients.admin.call<WallCommentView>('PUT', `/wall-comments/${moisComment.id}/hidden`, { on: true })).body
        .moderation,
    ).toEqual({ hidden: true, reports: 1 });
    expect((await clients.root.call('PUT', `/wall-comments/${moisComment.id}/hidden`, { on: false })).status).toBe(404);
    const badCursor = await clients.root.call<{ code: string }>('GET', '/wall-reports?cursor=bm9wZQ');
    expect([badCursor.status, badCursor.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    // Shown again: back for readers, with its count.
    expect(
      (await clients.root.call<WallCommentView>('PUT', `/wall-comments/${anonComment.id}/hidden`, { on: false })).body
        .moderation,
    ).toEqual({ hidden: false, reports: 2 });
    expect((await commentsOf('choi', anonPost.id)).map((c) => [c.body, c.author?.displayName ?? null])).toEqual([
      ['익명 댓글입니다', null],
      ['실명 댓글입니다', '최기재'],
    ]);
    expect(await countOf('choi', anonPost.id)).toBe(2);
    expect((await clients.root.call<Reported>('GET', '/wall-reports')).body.items[0]).toMatchObject({
      id: anonComment.id,
      hidden: false,
    });
  });

  it('a guest (an outside committee member) is refused every wall, in Korean and English, and leaves nothing behind', async () => {
    await api.app.get(DirectoryService).createUser({
      kind: UserKind.CommitteeMember,
      login: 'guest.member@example.org',
      displayName: '외부위원',
      password: TEST_PASSWORD,
    });
    const guest = await ApiClient.signIn(api.baseUrl, 'guest.member@example.org');
    const post = await write('lee', government.id, '위원님도 보시나요');
    const comment = (
      await clients.lee.call<WallCommentView>('POST', `/wall-posts/${post.id}/comments`, { body: '댓글' })
    ).body;
    const tries: Array<[string, string, unknown?]> = [
      ['GET', '/walls'],
      ['POST', '/walls', { name: '위원회 담벼락' }],
      ['GET', `/walls/${government.id}/posts`],
      ['POST', `/walls/${government.id}/posts`, { body: '위원 의견' }],
      ['PUT', `/wall-posts/${post.id}/like`, { on: true }],
      ['GET', `/wall-posts/${post.id}/comments`],
      ['POST', `/wall-posts/${post.id}/comments`, { body: '위원 댓글' }],
      ['POST', `/wall-posts/${post.id}/reports`, { reason: '신고' }],
      ['POST', `/wall-comments/${comment.id}/reports`, { reason: '신고' }],
      ['PUT', `/wall-comments/${comment.id}/hidden`, { on: true }],
      ['DELETE', `/wall-posts/${post.id}`],
      ['GET', '/wall-reports'],
    ];
    for (const [method, path, body] of tries) {
      const res = await guest.call<{ code: string; messages: { ko: string; en: string } }>(method, path, body);
      expect([method, path, res.status, res.body.code, res.body.messages]).toEqual([
        method,
        path,
        403,
        'WALL_NOT_STAFF',
        { ko: '담벼락은 공무원만 이용할 수 있습니다.', en: 'Walls are for public servants.' },
      ]);
    }
    const after = (await posts('lee', government.id)).posts.find((p) => p.id === post.id);
    expect([after?.likeCount, after?.commentCount]).toEqual([0, 1]);
    expect(
      (await clients.root.call<{ items: WallReportedView[] }>('GET', '/wall-reports')).body.items.map((i) => i.id),
    ).not.toContain(post.id);
    expect(
      (await clients.root.call<{ items: WallReportedView[] }>('GET', '/wall-reports')).body.items.map((i) => i.id),
    ).not.toContain(comment.id);
  });

  it('limits how much one person writes on walls in an hour, with a clear refusal', async () => {
    const post = await write('admin', moisWall.id, '공지 초안');
    for (let i = 2; i <= 12; i++)
      expect((await clients.admin.call('POST', `/wall-posts/${post.id}/comments`, { body: `추가 ${i}` })).status).toBe(
        201,
      );
    const refused = await clients.admin.call<{ code: string; message: string; messages: { ko: string } }>(
      'POST',
      `/wall-posts/${post.id}/comments`,
      { body: '하나 더' },
    );
    expect([refused.status, refused.body.code]).toEqual([429, 'WALL_TOO_MANY_WRITES']);
    expect(refused.body.messages.ko).toMatch(
      /^이번 시간에 담벼락에 너무 많이 작성했습니다\. \d+초 후에 다시 시도하세요\.$/,
    );
    // Others are not held back by it, and reading goes on.
    expect((await clients.lee.call('POST', `/wall-posts/${post.id}/comments`, { body: '확인했습니다' })).status).toBe(
      201,
    );
    expect((await clients.admin.call<WallCommentView[]>('GET', `/wall-posts/${post.id}/comments`)).body).toHaveLength(
      12,
    );
  });
});
