import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { WallCommentEntity, WallEntity, WallLikeEntity, WallPostEntity, WallReportEntity } from './wall.entity.js';

export type WallOrder = 'newest' | 'popular';

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
    await this.walls.createQueryBuilder().insert().values({ kind: 'government', agencyId: null, name: '범정부 담벼락', allowAnonymous: true }).orIgnore().execute();
    if (agency) await this.walls.createQueryBuilder().insert().values({ kind: 'agency', agencyId: agency.id, name: `${agency.name} 담벼락`, allowAnonymous: false }).orIgnore().execute();
  }

  /** Walls a member of this agency reads: the government's, topic walls open to all, and their agency's. */
  async readableBy(agencyId: string | null): Promise<WallEntity[]> {
    return this.walls.find({ where: [{ agencyId: IsNull() }, ...(agencyId ? [{ agencyId }] : [])], order: { kind: 'ASC', createdAt: 'ASC' } });
  }

  async findWall(id: string): Promise<WallEntity | null> {
    return this.walls.findOneBy({ id });
  }

  async insertWall(wall: Pick<WallEntity, 'kind' | 'agencyId' | 'name' | 'allowAnonymous' | 'createdBy'>): Promise<WallEntity> {
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
  async insertPost(tx: Tx, post: Pick<WallPostEntity, 'wallId' | 'authorId' | 'anonymous' | 'body' | 'clientKey'>): Promise<{ post: WallPostEntity; created: boolean }> {
    const inserted = await tx.manager.createQueryBuilder().insert().into(WallPostEntity).values(post).orIgnore().returning('id').execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (id) return { post: await tx.manager.findOneByOrFail(WallPostEntity, { id }), created: true };
    return { post: await tx.manager.findOneByOrFail(WallPostEntity, { authorId: post.authorId, clientKey: post.clientKey ?? '' }), created: false };
  }

  /** A page of posts, newest or most popular first; hidden ones only for moderators. */
  async page(wallId: string, order: WallOrder, options: { afterId?: string; includeHidden: boolean; limit: number }): Promise<WallPostEntity[]> {
    const q = this.posts.createQueryBuilder('p').where('p.wall_id = :wallId AND p.deleted_at IS NULL', { wallId });
    if (!options.includeHidden) q.andWhere('p.hidden_at IS NULL');
    if (order === 'popular') {
      if (options.afterId) q.andWhere('(p.score, p.created_at, p.id) < (SELECT c.score, c.created_at, c.id FROM wall_posts c WHERE c.id = :afterId)', { afterId: options.afterId });
      q.orderBy('p.score', 'DESC').addOrderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC');
    } else {
      if (options.afterId) q.andWhere('(p.created_at, p.id) < (SELECT c.created_at, c.id FROM wall_posts c WHERE c.id = :afterId)', { afterId: options.afterId });
      q.orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC');
    }
    return q.limit(options.limit).getMany();
  }

  async likedBy(userId: string, postIds: string[]): Promise<Set<string>> {
    if (postIds.length === 0) return new Set();
    return new Set((await this.likes.find({ select: { postId: true }, where: { userId, postId: In(postIds) } })).map((l) => l.postId));
  }

  /** Adds or removes the like and moves the counts with it; false when nothing changed. */
  async setLike(tx: Tx, postId: string, userId: string, on: boolean): Promise<boolean> {
    if (on) {
      const added = await tx.manager.createQueryBuilder().insert().into(WallLikeEntity).values({ postId, userId }).orIgnore().returning('post_id').execute();
      if ((added.raw as unknown[]).length === 0) return false;
      await tx.manager.query(`UPDATE wall_posts SET like_count = like_count + 1, score = score + 2 WHERE id = $1`, [postId]);
      return true;
    }
    const removed = await tx.manager.delete(WallLikeEntity, { postId, userId });
    if ((removed.affected ?? 0) === 0) return false;
    await tx.manager.query(`UPDATE wall_posts SET like_count = like_count - 1, score = score - 2 WHERE id = $1`, [postId]);
    return true;
  }

  async insertComment(tx: Tx, comment: Pick<WallCommentEntity, 'postId' | 'authorId' | 'anonymous' | 'body'>): Promise<WallCommentEntity> {
    const saved = await tx.manager.save(WallCommentEntity, tx.manager.create(WallCommentEntity, { ...comment, hiddenAt: null, deletedAt: null }));
    await tx.manager.query(`UPDATE wall_posts SET comment_count = comment_count + 1, score = score + 1 WHERE id = $1`, [comment.postId]);
    return saved;
  }

  async commentsOf(postId: string, includeHidden: boolean): Promise<WallCommentEntity[]> {
    return this.comments.find({ where: { postId, deletedAt: IsNull(), ...(includeHidden ? {} : { hiddenAt: IsNull() }) }, order: { createdAt: 'ASC' } });
  }

  /** One report per person and post; false when they reported it before. */
  async report(tx: Tx, postId: string, reporterId: string, reason: string): Promise<boolean> {
    const added = await tx.manager.createQueryBuilder().insert().into(WallReportEntity).values({ postId, reporterId, reason }).orIgnore().returning('post_id').execute();
    if ((added.raw as unknown[]).length === 0) return false;
    await tx.manager.query(`UPDATE wall_posts SET report_count = report_count + 1 WHERE id = $1`, [postId]);
    return true;
  }

  async setHidden(postId: string, by: string | null): Promise<void> {
    await this.posts.update({ id: postId }, { hiddenAt: by ? new Date() : null, hiddenBy: by });
  }

  async markDeleted(postId: string): Promise<void> {
    await this.posts.update({ id: postId }, { deletedAt: new Date() });
  }
}
