import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { WallCommentEntity } from './wall-comment.entity.js';
import { WallCommentReportEntity } from './wall-comment-report.entity.js';
import { WallEntity } from './wall.entity.js';
import { WallLikeEntity } from './wall-like.entity.js';
import { WallPostEntity } from './wall-post.entity.js';
import { WallReportEntity } from './wall-report.entity.js';

export type WallOrder = 'newest' | 'popular';

/** The walls a moderator looks after: those open to all (system administrators) and their agency's. */
export interface ModerationScope {
  openWalls: boolean;
  agencyId: string | null;
}

export interface ReportedRow {
  kind: 'post' | 'comment';
  id: string;
  postId: string;
  wallId: string;
  wallName: string;
  authorId: string;
  anonymous: boolean;
  body: string;
  reports: number;
  reasons: string[];
  hidden: boolean;
  createdAt: Date;
  /** Microsecond precision, for the cursor. */
  lastReportedAt: string;
}

/** What deciding access to a wall, a post or a comment needs: the wall's agency, and for a post or comment what hides it and from whom. */
export interface WallItemScope {
  id: string;
  kind: 'wall' | 'post' | 'comment';
  agencyId: string | null;
  /** A post's or comment's author, and whether it (or, for a comment, its post) is hidden or deleted. */
  authorId: string | null;
  hidden: boolean;
  deleted: boolean;
  postAuthorId: string | null;
  postHidden: boolean;
  postDeleted: boolean;
}

@Injectable()
export class WallRepository {
  constructor(
    @InjectRepository(WallEntity) private readonly walls: Repository<WallEntity>,
    @InjectRepository(WallPostEntity) private readonly posts: Repository<WallPostEntity>,
    @InjectRepository(WallCommentEntity) private readonly comments: Repository<WallCommentEntity>,
    @InjectRepository(WallLikeEntity) private readonly likes: Repository<WallLikeEntity>,
  ) {}

  /** The government-wide wall and the agency's own, made on first use (the partial unique indexes keep one of each). */
  async ensureStandard(agency: { id: string; name: string } | null): Promise<void> {
    await this.walls
      .createQueryBuilder()
      .insert()
      .values({ kind: 'government', agencyId: null, name: '범정부 담벼락', allowAnonymous: true })
      .orIgnore()
      .execute();
    if (agency)
      await this.walls
        .createQueryBuilder()
        .insert()
        .values({ kind: 'agency', agencyId: agency.id, name: `${agency.name} 담벼락`, allowAnonymous: false })
        .orIgnore()
        .execute();
  }

  /** Walls a member of this agency reads: the government's, topic walls open to all, and their agency's. */
  async readableBy(agencyId: string | null): Promise<WallEntity[]> {
    return this.walls.find({
      where: [{ agencyId: IsNull() }, ...(agencyId ? [{ agencyId }] : [])],
      order: { kind: 'ASC', createdAt: 'ASC' },
    });
  }

  /** Of these ids, the walls, posts and comments that exist, with what access to each depends on (one statement at any number). */
  async scopes(ids: readonly string[]): Promise<WallItemScope[]> {
    if (ids.length === 0) return [];
    const rows: Array<{
      id: string;
      kind: WallItemScope['kind'];
      agency_id: string | null;
      author_id: string | null;
      hidden: boolean;
      deleted: boolean;
      post_author_id: string | null;
      post_hidden: boolean;
      post_deleted: boolean;
    }> = await this.walls.query(
      `SELECT w.id, 'wall' AS kind, w.agency_id, NULL::uuid AS author_id, false AS hidden, false AS deleted, NULL::uuid AS post_author_id, false AS post_hidden, false AS post_deleted
         FROM walls w WHERE w.id = ANY($1::uuid[])
       UNION ALL
       SELECT p.id, 'post', w.agency_id, p.author_id, p.hidden_at IS NOT NULL, p.deleted_at IS NOT NULL, p.author_id, p.hidden_at IS NOT NULL, p.deleted_at IS NOT NULL
         FROM wall_posts p JOIN walls w ON w.id = p.wall_id WHERE p.id = ANY($1::uuid[])
       UNION ALL
       SELECT c.id, 'comment', w.agency_id, c.author_id, c.hidden_at IS NOT NULL, c.deleted_at IS NOT NULL, p.author_id, p.hidden_at IS NOT NULL, p.deleted_at IS NOT NULL
         FROM wall_comments c JOIN wall_posts p ON p.id = c.post_id JOIN walls w ON w.id = p.wall_id WHERE c.id = ANY($1::uuid[])`,
      [[...ids]],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      agencyId: r.agency_id,
      authorId: r.author_id,
      hidden: r.hidden,
      deleted: r.deleted,
      postAuthorId: r.post_author_id,
      postHidden: r.post_hidden,
      postDeleted: r.post_deleted,
    }));
  }

  async findWall(id: string): Promise<WallEntity | null> {
    return this.walls.findOneBy({ id });
  }

  async insertWall(
    wall: Pick<WallEntity, 'kind' | 'agencyId' | 'name' | 'allowAnonymous' | 'createdBy'>,
  ): Promise<WallEntity> {
    return this.walls.save(this.walls.create(wall));
  }

  async setAnonymous(id: string, allowAnonymous: boolean): Promise<void> {
    await this.walls.update({ id }, { allowAnonymous });
  }

  async findPost(id: string, tx?: Tx): Promise<WallPostEntity | null> {
    return (tx?.manager.getRepository(WallPostEntity) ?? this.posts).findOneBy({ id });
  }

  async findPostByClientKey(authorId: string, clientKey: string): Promise<WallPostEntity | null> {
    return this.posts.findOneBy({ authorId, clientKey });
  }

  /** Inserts once per (author, client key); a retried post returns the first. */
  async insertPost(
    tx: Tx,
    post: Pick<WallPostEntity, 'wallId' | 'authorId' | 'anonymous' | 'body' | 'clientKey'>,
  ): Promise<{ post: WallPostEntity; created: boolean }> {
    const inserted = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(WallPostEntity)
      .values(post)
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (id) return { post: await tx.manager.findOneByOrFail(WallPostEntity, { id }), created: true };
    return {
      post: await tx.manager.findOneByOrFail(WallPostEntity, {
        authorId: post.authorId,
        clientKey: post.clientKey ?? '',
      }),
      created: false,
    };
  }

  /** A page of posts, newest or most popular first; hidden ones only for moderators. */
  async page(
    wallId: string,
    order: WallOrder,
    options: { afterId?: string; includeHidden: boolean; limit: number },
  ): Promise<WallPostEntity[]> {
    const q = this.posts.createQueryBuilder('p').where('p.wall_id = :wallId AND p.deleted_at IS NULL', { wallId });
    if (!options.includeHidden) q.andWhere('p.hidden_at IS NULL');
    if (order === 'popular') {
      if (options.afterId)
        q.andWhere(
          '(p.score, p.created_at, p.id) < (SELECT c.score, c.created_at, c.id FROM wall_posts c WHERE c.id = :afterId)',
          { afterId: options.afterId },
        );
      q.orderBy('p.score', 'DESC').addOrderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC');
    } else {
      if (options.afterId)
        q.andWhere('(p.created_at, p.id) < (SELECT c.created_at, c.id FROM wall_posts c WHERE c.id = :afterId)', {
          afterId: options.afterId,
        });
      q.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC');
    }
    return q.limit(options.limit).getMany();
  }

  async likedBy(userId: string, postIds: string[]): Promise<Set<string>> {
    if (postIds.length === 0) return new Set();
    return new Set(
      (await this.likes.find({ select: { postId: true }, where: { userId, postId: In(postIds) } })).map(
        (l) => l.postId,
      ),
    );
  }

  /** Adds or removes the like and moves the counts with it; false when nothing changed. */
  async setLike(tx: Tx, postId: string, userId: string, on: boolean): Promise<boolean> {
    if (on) {
      const added = await tx.manager
        .createQueryBuilder()
        .insert()
        .into(WallLikeEntity)
        .values({ postId, userId })
        .orIgnore()
        .returning('post_id')
        .execute();
      if ((added.raw as unknown[]).length === 0) return false;
      await tx.manager.query(`UPDATE wall_posts SET like_count = like_count + 1, score = score + 2 WHERE id = $1`, [
        postId,
      ]);
      return true;
    }
    const removed = await tx.manager.delete(WallLikeEntity, { postId, userId });
    if ((removed.affected ?? 0) === 0) return false;
    await tx.manager.query(`UPDATE wall_posts SET like_count = like_count - 1, score = score - 2 WHERE id = $1`, [
      postId,
    ]);
    return true;
  }

  async insertComment(
    tx: Tx,
    comment: Pick<WallCommentEntity, 'postId' | 'authorId' | 'anonymous' | 'body'>,
  ): Promise<WallCommentEntity> {
    const saved = await tx.manager.save(
      WallCommentEntity,
      tx.manager.create(WallCommentEntity, { ...comment, hiddenAt: null, deletedAt: null }),
    );
    await tx.manager.query(`UPDATE wall_posts SET comment_count = comment_count + 1, score = score + 1 WHERE id = $1`, [
      comment.postId,
    ]);
    return saved;
  }

  async commentsOf(postId: string, includeHidden: boolean): Promise<WallCommentEntity[]> {
    return this.comments.find({
      where: { postId, deletedAt: IsNull(), ...(includeHidden ? {} : { hiddenAt: IsNull() }) },
      order: { createdAt: 'ASC' },
    });
  }

  /** One report per person and post; false when they reported it before. */
  async report(tx: Tx, postId: string, reporterId: string, reason: string): Promise<boolean> {
    const added = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(WallReportEntity)
      .values({ postId, reporterId, reason })
      .orIgnore()
      .returning('post_id')
      .execute();
    if ((added.raw as unknown[]).length === 0) return false;
    await tx.manager.query(`UPDATE wall_posts SET report_count = report_count + 1 WHERE id = $1`, [postId]);
    return true;
  }

  async findComment(id: string): Promise<WallCommentEntity | null> {
    return this.comments.findOneBy({ id });
  }

  /** One report per person and comment; false when they reported it before. */
  async reportComment(tx: Tx, commentId: string, reporterId: string, reason: string): Promise<boolean> {
    const added = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(WallCommentReportEntity)
      .values({ commentId, reporterId, reason })
      .orIgnore()
      .returning('comment_id')
      .execute();
    if ((added.raw as unknown[]).length === 0) return false;
    await tx.manager.query(`UPDATE wall_comments SET report_count = report_count + 1 WHERE id = $1`, [commentId]);
    return true;
  }

  /**
   * Hides or shows a comment; the post's comment count and score follow what readers see. Only a
   * change moves them, so hiding twice (or two moderators at once) counts once.
   */
  async setCommentHidden(tx: Tx, commentId: string, by: string | null): Promise<void> {
    const changed = await tx.manager
      .createQueryBuilder()
      .update(WallCommentEntity)
      .set(by ? { hiddenAt: () => 'now()', hiddenBy: by } : { hiddenAt: null, hiddenBy: null })
      .where(`id = :commentId AND hidden_at IS ${by ? '' : 'NOT '}NULL`, { commentId })
      .returning('post_id')
      .execute();
    const postId = (changed.raw as Array<{ post_id: string }>)[0]?.post_id;
    if (!postId) return;
    const step = by ? -1 : 1;
    await tx.manager.query(
      `UPDATE wall_posts SET comment_count = comment_count + $2, score = score + $2 WHERE id = $1`,
      [postId, step],
    );
  }

  /**
   * Reported posts and comments (not deleted) on the walls in scope, most recently reported first,
   * one page after the cursor. Author ids are returned for the service to drop on anonymous items.
   */
  async reported(
    scope: ModerationScope,
    options: { after?: { at: string; id: string }; limit: number },
  ): Promise<ReportedRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const walls: string[] = [];
    if (scope.openWalls) walls.push('w.agency_id IS NULL');
    if (scope.agencyId) walls.push(`w.agency_id = ${param(scope.agencyId)}`);
    if (walls.length === 0) return [];
    const after = options.after
      ? `AND (i.last_reported_at, i.id) < (${param(options.after.at)}::timestamptz, ${param(options.after.id)}::uuid)`
      : '';
    const limit = param(options.limit);
    return this.posts.query(
      `WITH items AS (
         SELECT 'post'::text AS kind, p.id, p.id AS post_id, p.wall_id, p.author_id, p.anonymous, p.body, p.report_count, p.hidden_at, p.created_at,
                max(r.created_at) AS last_reported_at, (array_agg(r.reason ORDER BY r.created_at DESC))[1:5] AS reasons
           FROM wall_posts p JOIN wall_reports r ON r.post_id = p.id
          WHERE p.deleted_at IS NULL
          GROUP BY p.id
         UNION ALL
         SELECT 'comment'::text, c.id, c.post_id, p.wall_id, c.author_id, c.anonymous, c.body, c.report_count, c.hidden_at, c.created_at,
                max(r.created_at), (array_agg(r.reason ORDER BY r.created_at DESC))[1:5]
           FROM wall_comments c JOIN wall_posts p ON p.id = c.post_id JOIN wall_comment_reports r ON r.comment_id = c.id
          WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL
          GROUP BY c.id, p.id
       )
       SELECT i.kind, i.id, i.post_id AS "postId", i.wall_id AS "wallId", w.name AS "wallName", i.author_id AS "authorId", i.anonymous, i.body,
              i.report_count AS reports, i.reasons, i.hidden_at IS NOT NULL AS hidden, i.created_at AS "createdAt",
              to_char(i.last_reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "lastReportedAt"
         FROM items i JOIN walls w ON w.id = i.wall_id
        WHERE (${walls.join(' OR ')}) ${after}
        ORDER BY i.last_reported_at DESC, i.id DESC
        LIMIT ${limit}`,
      params,
    );
  }

  async setHidden(postId: string, by: string | null): Promise<void> {
    await this.posts.update({ id: postId }, { hiddenAt: by ? new Date() : null, hiddenBy: by });
  }

  async markDeleted(postId: string): Promise<void> {
    await this.posts.update({ id: postId }, { deletedAt: new Date() });
  }
}
