import { Injectable } from '@nestjs/common';
import { validationFailed } from '../common/ieum.exception.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { WallException } from './wall.exception.js';
import { WallRepository, type ModerationScope } from './wall.repository.js';
import { failComment, failPost, WallService, type WallCommentView, type WallPostView } from './wall.service.js';

/** A reported post or comment in the moderators' view; an anonymous one names no author, as everywhere. */
export interface WallReportedView {
  kind: 'post' | 'comment';
  id: string;
  /** The post itself, or the post the comment is on. */
  postId: string;
  wallId: string;
  wallName: string;
  author: { id: string; displayName: string; agencyName: string | null } | null;
  anonymous: boolean;
  body: string;
  reports: number;
  /** The newest reasons given (at most five), without who gave them. */
  reasons: string[];
  hidden: boolean;
  lastReportedAt: string;
  createdAt: string;
}

/**
 * Moderation of the walls: any reader reports a post or a comment once, with a reason; moderators
 * (agency administrators on their agency's walls, system administrators on any) hide and show them
 * and see what was reported on the walls they look after. Reading, posting and the views are
 * WallService's.
 */
@Injectable()
export class WallModerationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly walls: WallRepository,
    private readonly posting: WallService,
  ) {}

  /** Any reader may report a comment once, as a post. */
  async reportComment(principal: Principal, commentId: string, reason: string): Promise<{ reported: boolean }> {
    const { comment } = await this.posting.readableComment(principal, commentId);
    const text = checkReason(reason);
    return { reported: await this.uow.run((tx) => this.walls.reportComment(tx, comment.id, principal.userId, text)) };
  }

  async hideComment(principal: Principal, commentId: string, hidden: boolean): Promise<WallCommentView> {
    const { comment, wall } = await this.posting.readableComment(principal, commentId);
    if (!this.posting.isModerator(principal, wall)) throw WallException.notModerator();
    await this.uow.run((tx) => this.walls.setCommentHidden(tx, comment.id, hidden ? principal.userId : null));
    return (
      (await this.posting.commentViews(principal, wall, [(await this.walls.findComment(comment.id)) ?? comment]))[0] ??
      failComment()
    );
  }

  /** The moderators' view: reported posts and comments of the walls the caller moderates, most recently reported first. */
  async reported(
    principal: Principal,
    query: { cursor?: string; limit?: number },
  ): Promise<{ items: WallReportedView[]; nextCursor: string | null }> {
    this.posting.assertStaff(principal);
    const scope = this.moderationScope(principal);
    if (!scope.openWalls && !scope.agencyId) throw WallException.notModeratorAnywhere();
    const limit = Math.min(Math.max(query.limit ?? 30, 1), 100);
    const rows = await this.walls.reported(scope, { after: decodeReportCursor(query.cursor), limit: limit + 1 });
    const page = rows.slice(0, limit);
    // Anonymous authors are never looked up, so they cannot leak into the view.
    const authors = await this.posting.authors(page.filter((r) => !r.anonymous).map((r) => r.authorId));
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        kind: r.kind,
        id: r.id,
        postId: r.postId,
        wallId: r.wallId,
        wallName: r.wallName,
        author: r.anonymous ? null : (authors.get(r.authorId) ?? null),
        anonymous: r.anonymous,
        body: r.body,
        reports: r.reports,
        reasons: r.reasons,
        hidden: r.hidden,
        lastReportedAt: r.lastReportedAt,
        createdAt: r.createdAt.toISOString(),
      })),
      nextCursor:
        rows.length > limit && last ? Buffer.from(`${last.lastReportedAt} ${last.id}`).toString('base64url') : null,
    };
  }

  /** Any reader may report a post once; moderators see the count. */
  async report(principal: Principal, postId: string, reason: string): Promise<{ reported: boolean }> {
    const { post } = await this.posting.readablePost(principal, postId);
    const text = checkReason(reason);
    return { reported: await this.uow.run((tx) => this.walls.report(tx, post.id, principal.userId, text)) };
  }

  async hide(principal: Principal, postId: string, hidden: boolean): Promise<WallPostView> {
    const { post, wall } = await this.posting.readablePost(principal, postId);
    if (!this.posting.isModerator(principal, wall)) throw WallException.notModerator();
    await this.walls.setHidden(post.id, hidden ? principal.userId : null);
    return (
      (await this.posting.postViews(principal, wall, [(await this.walls.findPost(post.id)) ?? post]))[0] ?? failPost()
    );
  }

  /** The walls whose posts this person may hide: a system administrator's are all they read, an agency administrator's their agency's. */
  private moderationScope(principal: Principal): ModerationScope {
    const system = principal.roles.includes(UserRole.SystemAdmin);
    const agency = system || principal.roles.includes(UserRole.AgencyAdmin);
    return { openWalls: system, agencyId: agency ? principal.agencyId : null };
  }
}

function decodeReportCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  if (!cursor) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z) ([0-9a-f-]{36})$/i.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  if (!match?.[1] || !match[2])
    throw validationFailed([{ field: 'cursor', problems: [{ en: 'not a cursor this API gave', ko: '잘못된 커서' }] }]);
  return { at: match[1], id: match[2] };
}

function checkReason(reason: string): string {
  const text = reason.trim();
  if (text.length === 0 || text.length > 500)
    throw validationFailed([
      { field: 'reason', problems: [{ en: 'a reason is 1-500 characters', ko: '사유는 1~500자여야 합니다' }] },
    ]);
  return text;
}
