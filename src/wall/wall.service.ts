import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AccessService } from '../access/access.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FileAccessRegistry } from '../files/file-access.registry.js';
import { FileRepository } from '../files/file.repository.js';
import { fileView, type FileView } from '../files/file.service.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { RedisService } from '../redis/redis.service.js';
import type { WallCommentEntity } from './wall-comment.entity.js';
import type { WallEntity } from './wall.entity.js';
import type { WallKind } from './wall.types.js';
import type { WallPostEntity } from './wall-post.entity.js';
import { moderates } from './wall.access.js';
import { WallException } from './wall.exception.js';
import { WallRepository, type WallOrder } from './wall.repository.js';

export interface WallView {
  id: string;
  kind: WallKind;
  name: string;
  agencyId: string | null;
  allowAnonymous: boolean;
  /** Whether the caller may hide posts here. */
  moderator: boolean;
}

/** A post as readers see it: an anonymous post names no author, to anyone, moderators included. */
export interface WallPostView {
  id: string;
  wallId: string;
  author: { id: string; displayName: string; agencyName: string | null } | null;
  anonymous: boolean;
  /** The caller wrote it (told only to its author). */
  mine: boolean;
  body: string;
  files: FileView[];
  likeCount: number;
  commentCount: number;
  likedByMe: boolean;
  /** Moderators only: hidden or not, and how often it was reported. */
  moderation?: { hidden: boolean; reports: number };
  createdAt: string;
}

export interface WallCommentView {
  id: string;
  postId: string;
  author: { id: string; displayName: string; agencyName: string | null } | null;
  anonymous: boolean;
  mine: boolean;
  body: string;
  /** Moderators only, as on posts. */
  moderation?: { hidden: boolean; reports: number };
  createdAt: string;
}

/**
 * Walls (담벼락): the government-wide wall, one per agency, and topic walls. Staff read the walls
 * of all government and their own agency's; they post, comment and like, anonymously where the wall
 * allows it. The author of an anonymous post or comment is kept for moderation and never leaves
 * this service (and WallModerationService, which reads it through the views here). Reports and hiding
 * are WallModerationService's.
 */
@Injectable()
export class WallService implements OnModuleInit {
  private readonly writes: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedAppConfig,
    redis: RedisService,
    private readonly uow: UnitOfWork,
    private readonly walls: WallRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly files: FileRepository,
    private readonly fileAccess: FileAccessRegistry,
    private readonly access: AccessService,
  ) {
    this.writes = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: redis.key('wall-writes'),
      points: config.wall.writesPerHour,
      duration: 3600,
    });
  }

  onModuleInit(): void {
    // A post's files: whoever may read the post (a hidden post's only its author and the moderators).
    this.fileAccess.register('wall_post', async (principal, files) => {
      const readable = await this.access.allowed(
        principal,
        'wall.read',
        files.map((f) => f.ownerId as string),
      );
      return new Set(files.filter((f) => readable.has(f.ownerId as string)).map((f) => f.id));
    });
  }

  async list(principal: Principal): Promise<WallView[]> {
    const agency = principal.agencyId ? await this.agencies.findById(principal.agencyId) : null;
    this.assertStaff(principal);
    await this.walls.ensureStandard(agency ? { id: agency.id, name: agency.name } : null);
    return (await this.walls.readableBy(principal.agencyId)).map((w) => this.wallView(principal, w));
  }

  /** A topic wall: for all government (system administrators) or for one agency (its administrators). */
  async createTopic(
    principal: Principal,
    input: { name: string; allowAnonymous?: boolean; agencyOnly?: boolean },
  ): Promise<WallView> {
    this.assertStaff(principal);
    const agencyId = input.agencyOnly ? principal.agencyId : null;
    const admin =
      principal.roles.includes(UserRole.SystemAdmin) ||
      (agencyId !== null && principal.roles.includes(UserRole.AgencyAdmin));
    if (!admin) throw WallException.notModerator();
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw validationFailed([
        { field: 'name', problems: [{ en: 'a name is 1-200 characters', ko: '이름은 1~200자여야 합니다' }] },
      ]);
    return this.wallView(
      principal,
      await this.walls.insertWall({
        kind: 'topic',
        agencyId,
        name,
        allowAnonymous: input.allowAnonymous ?? false,
        createdBy: principal.userId,
      }),
    );
  }

  async setAnonymous(principal: Principal, wallId: string, allowAnonymous: boolean): Promise<WallView> {
    const wall = await this.readableWall(principal, wallId);
    if (!this.isModerator(principal, wall)) throw WallException.notModerator();
    await this.walls.setAnonymous(wall.id, allowAnonymous);
    return this.wallView(principal, { ...wall, allowAnonymous });
  }

  async posts(
    principal: Principal,
    wallId: string,
    query: { order?: WallOrder; cursor?: string; limit?: number },
  ): Promise<{ posts: WallPostView[]; nextCursor: string | null }> {
    const wall = await this.readableWall(principal, wallId);
    const limit = Math.min(Math.max(query.limit ?? 30, 1), 100);
    const afterId = decodeCursor(query.cursor);
    const rows = await this.walls.page(wall.id, query.order ?? 'newest', {
      afterId,
      includeHidden: this.isModerator(principal, wall),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      posts: await this.postViews(principal, wall, page),
      nextCursor: rows.length > limit ? Buffer.from(page.at(-1)?.id ?? '').toString('base64url') : null,
    };
  }

  async post(
    principal: Principal,
    wallId: string,
    input: { body: string; anonymous?: boolean; fileIds?: string[]; clientKey?: string },
  ): Promise<{ post: WallPostView; created: boolean }> {
    const wall = await this.readableWall(principal, wallId);
    if (input.anonymous && !wall.allowAnonymous) throw WallException.anonymousNotAllowed();
    const body = input.body.trim();
    if (body.length === 0 || body.length > 10_000)
      throw validationFailed([
        { field: 'body', problems: [{ en: 'a post is 1-10000 characters', ko: '게시글은 1~10000자여야 합니다' }] },
      ]);
    if (input.clientKey) {
      const earlier = await this.walls.findPostByClientKey(principal.userId, input.clientKey);
      if (earlier) return { post: (await this.postViews(principal, wall, [earlier]))[0] ?? failPost(), created: false };
    }
    await this.countWrite(principal);
    const fileIds = [...new Set(input.fileIds ?? [])];
    const stored = await this.uow.run(async (tx) => {
      const result = await this.walls.insertPost(tx, {
        wallId: wall.id,
        authorId: principal.userId,
        anonymous: input.anonymous ?? false,
        body,
        clientKey: input.clientKey ?? null,
      });
      if (
        result.created &&
        (await this.files.claim(tx, fileIds, principal.userId, 'wall_post', result.post.id)) !== fileIds.length
      )
        throw WallException.filesNotAttachable();
      return result;
    });
    return { post: (await this.postViews(principal, wall, [stored.post]))[0] ?? failPost(), created: stored.created };
  }

  async remove(principal: Principal, postId: string): Promise<void> {
    const { post } = await this.readablePost(principal, postId);
    if (post.authorId !== principal.userId) throw WallException.notAuthor();
    await this.walls.markDeleted(post.id);
  }

  async like(principal: Principal, postId: string, on: boolean): Promise<WallPostView> {
    const { post, wall } = await this.readablePost(principal, postId);
    await this.uow.run((tx) => this.walls.setLike(tx, post.id, principal.userId, on));
    return (await this.postViews(principal, wall, [(await this.walls.findPost(post.id)) ?? post]))[0] ?? failPost();
  }

  async comment(
    principal: Principal,
    postId: string,
    input: { body: string; anonymous?: boolean },
  ): Promise<WallCommentView> {
    const { post, wall } = await this.readablePost(principal, postId);
    if (input.anonymous && !wall.allowAnonymous) throw WallException.anonymousNotAllowed();
    const body = input.body.trim();
    if (body.length === 0 || body.length > 4000)
      throw validationFailed([
        { field: 'body', problems: [{ en: 'a comment is 1-4000 characters', ko: '댓글은 1~4000자여야 합니다' }] },
      ]);
    await this.countWrite(principal);
    const comment = await this.uow.run((tx) =>
      this.walls.insertComment(tx, {
        postId: post.id,
        authorId: principal.userId,
        anonymous: input.anonymous ?? false,
        body,
      }),
    );
    return (await this.commentViews(principal, wall, [comment]))[0] ?? failComment();
  }

  async comments(principal: Principal, postId: string): Promise<WallCommentView[]> {
    const { post, wall } = await this.readablePost(principal, postId);
    return this.commentViews(principal, wall, await this.walls.commentsOf(post.id, this.isModerator(principal, wall)));
  }

  /** One more post or comment for this person this hour, or 429 (a retried post with its client key is not counted). */
  private async countWrite(principal: Principal): Promise<void> {
    await this.writes.consume(principal.userId).catch((error: unknown) => {
      if (error instanceof RateLimiterRes) throw WallException.tooManyWrites(Math.ceil(error.msBeforeNext / 1000));
      throw error;
    });
  }

  isModerator(principal: Principal, wall: WallEntity): boolean {
    return moderates(principal, wall.agencyId);
  }

  assertStaff(principal: Principal): void {
    if (principal.kind !== 'staff') throw WallException.notStaff();
  }

  /** Whether the wall policy lets this person read the wall, post or comment `id` (a malformed id: no). */
  private async mayReadItem(principal: Principal, id: string): Promise<boolean> {
    this.assertStaff(principal);
    return /^[0-9a-f-]{36}$/i.test(id) && (await this.access.allowed(principal, 'wall.read', [id])).has(id);
  }

  private async readableWall(principal: Principal, wallId: string): Promise<WallEntity> {
    const wall = (await this.mayReadItem(principal, wallId)) ? await this.walls.findWall(wallId) : null;
    if (!wall) throw WallException.notFound();
    return wall;
  }

  /** A post the caller may see: on a wall they read, not deleted, and not hidden unless it is theirs or they moderate. */
  async readablePost(principal: Principal, postId: string): Promise<{ post: WallPostEntity; wall: WallEntity }> {
    const post = (await this.mayReadItem(principal, postId)) ? await this.walls.findPost(postId) : null;
    const wall = post ? await this.walls.findWall(post.wallId) : null;
    if (!post || !wall) throw WallException.postNotFound();
    return { post, wall };
  }

  /** A comment the caller may see: on a post they may see, not deleted, and not hidden unless it is theirs or they moderate. */
  async readableComment(
    principal: Principal,
    commentId: string,
  ): Promise<{ comment: WallCommentEntity; post: WallPostEntity; wall: WallEntity }> {
    const comment = (await this.mayReadItem(principal, commentId)) ? await this.walls.findComment(commentId) : null;
    const post = comment ? await this.walls.findPost(comment.postId) : null;
    const wall = post ? await this.walls.findWall(post.wallId) : null;
    if (!comment || !post || !wall) throw WallException.commentNotFound();
    return { comment, post, wall };
  }

  private wallView(principal: Principal, wall: WallEntity): WallView {
    return {
      id: wall.id,
      kind: wall.kind,
      name: wall.name,
      agencyId: wall.agencyId,
      allowAnonymous: wall.allowAnonymous,
      moderator: this.isModerator(principal, wall),
    };
  }

  async authors(ids: string[]): Promise<Map<string, { id: string; displayName: string; agencyName: string | null }>> {
    const users = await this.users.findByIds([...new Set(ids)]);
    const agencies = new Map(
      (await this.agencies.findByIds([...new Set(users.flatMap((u) => (u.agencyId ? [u.agencyId] : [])))])).map((a) => [
        a.id,
        a.name,
      ]),
    );
    return new Map(
      users.map((u) => [
        u.id,
        { id: u.id, displayName: u.displayName, agencyName: u.agencyId ? (agencies.get(u.agencyId) ?? null) : null },
      ]),
    );
  }

  async postViews(principal: Principal, wall: WallEntity, posts: WallPostEntity[]): Promise<WallPostView[]> {
    // Anonymous authors are never looked up, so they cannot leak into a view.
    const authors = await this.authors(posts.filter((p) => !p.anonymous).map((p) => p.authorId));
    const liked = await this.walls.likedBy(
      principal.userId,
      posts.map((p) => p.id),
    );
    const files = await this.files.ofOwners(
      'wall_post',
      posts.map((p) => p.id),
    );
    const moderator = this.isModerator(principal, wall);
    return posts.map((p) => ({
      id: p.id,
      wallId: p.wallId,
      author: p.anonymous ? null : (authors.get(p.authorId) ?? null),
      anonymous: p.anonymous,
      mine: p.authorId === principal.userId,
      body: p.body,
      files: files.filter((f) => f.ownerId === p.id).map(fileView),
      likeCount: p.likeCount,
      commentCount: p.commentCount,
      likedByMe: liked.has(p.id),
      ...(moderator ? { moderation: { hidden: p.hiddenAt !== null, reports: p.reportCount } } : {}),
      createdAt: p.createdAt.toISOString(),
    }));
  }

  async commentViews(
    principal: Principal,
    wall: WallEntity,
    comments: WallCommentEntity[],
  ): Promise<WallCommentView[]> {
    const authors = await this.authors(comments.filter((c) => !c.anonymous).map((c) => c.authorId));
    const moderator = this.isModerator(principal, wall);
    return comments.map((c) => ({
      id: c.id,
      postId: c.postId,
      author: c.anonymous ? null : (authors.get(c.authorId) ?? null),
      anonymous: c.anonymous,
      mine: c.authorId === principal.userId,
      body: c.body,
      ...(moderator ? { moderation: { hidden: c.hiddenAt !== null, reports: c.reportCount } } : {}),
      createdAt: c.createdAt.toISOString(),
    }));
  }
}

function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/i.test(id))
    throw validationFailed([{ field: 'cursor', problems: [{ en: 'not a cursor this API gave', ko: '잘못된 커서' }] }]);
  return id;
}

export function failPost(): never {
  throw WallException.postNotFound();
}

export function failComment(): never {
  throw WallException.commentNotFound();
}
