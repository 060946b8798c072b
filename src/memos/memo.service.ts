import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AccessService } from '../access/access.service.js';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { QueueService } from '../bus/queue.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FileAccessRegistry } from '../files/file-access.registry.js';
import { FileRepository } from '../files/file.repository.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import type { MemoEntity } from './memo.entity.js';
import type { MemoTargetKind } from './memos.types.js';
import { MemoException } from './memo.exception.js';
import { MemoRepository, type RecipientRow } from './memo.repository.js';
import type { MemoCounts, MemoStatus } from './memo-status.js';
import { MemoViews, type MemoView } from './memo-views.service.js';
export type { MemoCounts, MemoStatus, MemoStatusEvent, MemoStatusRow } from './memo-status.js';
export type { MemoView } from './memo-views.service.js';

export interface SendMemoInput {
  title: string;
  body: string;
  userIds?: string[];
  departmentIds?: string[];
  agencyIds?: string[];
  deadlineAt?: Date | null;
  opinionRequested?: boolean;
  fileIds?: string[];
  /** What asked for it (a command message, a client key): asking again returns the same memo. */
  sourceKey?: string | null;
}

const MAX_TARGETS = 200;
/**
 * Nobody is nudged twice within an hour about the same memo, whoever asks (the author, again, or
 * the automatic nudge MEMO_NUDGE_HOURS before the deadline): long enough that two reminders never
 * land minutes apart, short enough that an author can still remind again later the same day.
 */
export const MEMO_NUDGE_GAP_MS = 3_600_000;

/**
 * Inter-agency memo reports (기관간 메모보고). Addressees (people, departments, whole agencies
 * anywhere in the government) are expanded from the directory and frozen in the transaction that
 * stores the memo. Recipients read, acknowledge and give opinions (editable until the deadline);
 * the author alone sees the table, exports it and nudges those who have not answered. Only the
 * author and the recipients can learn the memo exists.
 */
@Injectable()
export class MemoService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly memos: MemoRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly files: FileRepository,
    private readonly fileAccess: FileAccessRegistry,
    private readonly events: EventPublisher,
    private readonly memoViews: MemoViews,
    private readonly queues: QueueService,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    // A memo's files: its author and recipients. An opinion's files: the memo's author and the one who gave it.
    this.fileAccess.register('memo', async (principal, files) => {
      const readable = await this.access.allowed(
        principal,
        'memo.read',
        files.map((f) => f.ownerId as string),
      );
      return new Set(files.filter((f) => readable.has(f.ownerId as string)).map((f) => f.id));
    });
    this.fileAccess.register('opinion', async (principal, files) => {
      const memoIds = [...new Set(files.map((f) => f.ownerId as string))];
      const authored = new Map((await this.memos.heldIds(memoIds, principal.userId)).map((m) => [m.id, m.author]));
      return new Set(
        files
          .filter(
            (f) =>
              authored.has(f.ownerId as string) &&
              (authored.get(f.ownerId as string) === true || f.uploaderId === principal.userId),
          )
          .map((f) => f.id),
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(QueueName.Memos, 'memo-sweep', 60_000, JobName.MemoSweep);
  }

  async send(
    principal: Principal,
    input: SendMemoInput,
    now = new Date(),
  ): Promise<{ memo: MemoView; created: boolean }> {
    const author = await this.users.findById(principal.userId);
    if (!author || author.kind !== 'staff' || !author.agencyId || author.disabledAt) throw MemoException.notStaff();
    const title = input.title.trim();
    const body = input.body.trim();
    if (title.length === 0 || title.length > 300)
      throw validationFailed([
        { field: 'title', problems: [{ en: 'title must be 1-300 characters', ko: '제목은 1~300자여야 합니다' }] },
      ]);
    if (body.length === 0 || body.length > 20_000)
      throw validationFailed([
        { field: 'body', problems: [{ en: 'body must be 1-20000 characters', ko: '본문은 1~20000자여야 합니다' }] },
      ]);
    if (input.deadlineAt && input.deadlineAt <= now) throw MemoException.deadlinePast();
    if (input.sourceKey) {
      const earlier = await this.memos.findBySourceKey(input.sourceKey);
      if (earlier) return { memo: await this.memoViews.view(principal, earlier), created: false };
    }
    const userIds = [...new Set(input.userIds ?? [])];
    const departmentIds = [...new Set(input.departmentIds ?? [])];
    const agencyIds = [...new Set(input.agencyIds ?? [])];
    if (userIds.length + departmentIds.length + agencyIds.length > MAX_TARGETS)
      throw validationFailed([
        {
          field: 'addressees',
          problems: [{ en: `at most ${MAX_TARGETS} addressees`, ko: `수신 대상은 최대 ${MAX_TARGETS}개` }],
        },
      ]);
    const targets = await this.resolveTargets(userIds, departmentIds, agencyIds);

    const stored = await this.uow.run(async (tx) => {
      const result = await this.memos.insertOnce(tx, {
        authorId: principal.userId,
        authorAgencyId: author.agencyId ?? '',
        title,
        body,
        deadlineAt: input.deadlineAt ?? null,
        opinionRequested: input.opinionRequested ?? false,
        sourceKey: input.sourceKey ?? null,
      });
      if (!result.created) return result;
      await this.memos.insertTargets(tx, result.memo.id, targets);
      if (
        (await this.memos.freezeRecipients(tx, result.memo.id, principal.userId, {
          userIds,
          departmentIds,
          agencyIds,
        })) === 0
      )
        throw MemoException.noRecipients();
      const fileIds = [...new Set(input.fileIds ?? [])];
      if ((await this.files.claim(tx, fileIds, principal.userId, 'memo', result.memo.id)) !== fileIds.length)
        throw MemoException.filesNotAttachable();
      await this.events.publish(tx, { name: JobName.MemoDeliver, data: { memoId: result.memo.id } });
      return result;
    });
    return { memo: await this.memoViews.view(principal, stored.memo), created: stored.created };
  }

  /** The memo for its author or a recipient; a recipient's first look marks it read and tells the author. */
  async get(principal: Principal, id: string): Promise<MemoView> {
    const memo = await this.held(principal, 'memo.read', id);
    if (memo.authorId !== principal.userId && (await this.memos.markRead(memo.id, principal.userId)))
      await this.memoViews.tellAuthor(memo, principal.userId);
    return this.memoViews.view(principal, memo);
  }

  async findByRef(principal: Principal, ref: string): Promise<MemoEntity> {
    const clean = ref.trim().toLowerCase();
    if (!/^[0-9a-f-]{4,36}$/.test(clean)) throw MemoException.notFound();
    const found = await this.memos.findByRef(clean, principal.userId);
    if (found.length > 1) throw MemoException.ambiguous(clean);
    if (!found[0]) throw MemoException.notFound();
    return found[0];
  }

  async list(principal: Principal, box: 'sent' | 'inbox', limit = 50): Promise<MemoView[]> {
    const memos =
      box === 'sent'
        ? await this.memos.sentBy(principal.userId, limit)
        : (await this.memos.receivedBy(principal.userId, limit)).map((r) => r.memo);
    return this.memoViews.views(principal, memos);
  }

  async acknowledge(principal: Principal, id: string): Promise<MemoView> {
    const memo = await this.held(principal, 'memo.recipient', id);
    if (await this.memos.acknowledge(memo.id, principal.userId))
      await this.memoViews.tellAuthor(memo, principal.userId);
    return this.memoViews.view(principal, memo);
  }

  /** Gives or changes the caller's opinion, with files (replacing those given before), until the deadline. */
  async giveOpinion(principal: Principal, id: string, input: { text: string; fileIds?: string[] }): Promise<MemoView> {
    const memo = await this.held(principal, 'memo.recipient', id);
    if (!memo.opinionRequested) throw MemoException.noOpinionRequested();
    const text = input.text.trim();
    if (text.length === 0 || text.length > 20_000)
      throw validationFailed([
        { field: 'text', problems: [{ en: 'an opinion is 1-20000 characters', ko: '의견은 1~20000자여야 합니다' }] },
      ]);
    const fileIds = [...new Set(input.fileIds ?? [])];
    const given = new Set(
      (await this.files.ofOwners('opinion', [memo.id]))
        .filter((f) => f.uploaderId === principal.userId)
        .map((f) => f.id),
    );
    const added = fileIds.filter((f) => !given.has(f));
    await this.uow.run(async (tx) => {
      if (!(await this.memos.setOpinion(tx, memo.id, principal.userId, text))) throw MemoException.closed();
      await this.files.release(tx, 'opinion', memo.id, principal.userId, fileIds);
      if ((await this.files.claim(tx, added, principal.userId, 'opinion', memo.id)) !== added.length)
        throw MemoException.filesNotAttachable();
      await this.events.publish(tx, {
        name: JobName.WebhookFanout,
        data: { event: 'memo.answered', memoId: memo.id, userId: principal.userId },
      });
    });
    await this.memoViews.tellAuthor(memo, principal.userId);
    return this.memoViews.view(principal, memo);
  }

  /** The author's table: who read, acknowledged and answered, and who is missing. */
  async status(principal: Principal, id: string): Promise<MemoStatus> {
    const memo = await this.held(principal, 'memo.author', id);
    const rows = await this.memos.rows(memo.id);
    const table = await this.memoViews.statusRows(memo, rows);
    return {
      memoId: memo.id,
      ...countsOf(rows),
      missing: table
        .filter((r) => !r.answered)
        .map((r) => ({ userId: r.userId, displayName: r.displayName, agencyName: r.agencyName })),
      rows: table,
    };
  }

  /**
   * Asks the memo bot to remind, before the deadline, those who have not answered and were not
   * reminded in the last hour (decided again for each person just before their message).
   */
  async nudge(
    principal: Principal,
    id: string,
    now = new Date(),
  ): Promise<{ nudging: number; recentlyNudged: number }> {
    const memo = await this.held(principal, 'memo.author', id);
    if (memo.deadlineAt && memo.deadlineAt <= now) throw MemoException.closed();
    const { due, recent } = await this.memos.nudgeable(memo, new Date(now.getTime() - MEMO_NUDGE_GAP_MS));
    if (due > 0)
      await this.uow.run((tx) =>
        this.events.publish(tx, { name: JobName.MemoNudge, data: { memoId: memo.id, at: now.toISOString() } }),
      );
    return { nudging: due, recentlyNudged: recent };
  }

  /** Queues, once per memo, the automatic nudge of those who have not answered when its deadline is near. */
  async queueAutoNudges(now = new Date()): Promise<number> {
    const hours = this.config.memos.nudgeHours;
    if (hours === 0) return 0;
    return this.uow.run(async (tx) => {
      const ids = await this.memos.claimAutoNudges(tx, now, hours * 3_600_000, 200);
      for (const memoId of ids)
        await this.events.publish(tx, { name: JobName.MemoNudge, data: { memoId, at: `auto-${now.toISOString()}` } });
      return ids.length;
    });
  }

  /** For the memo bot: the memo and who might be nudged (nobody once the deadline passed); each is claimed with claimNudge before their message. */
  async nudgeTargets(memoId: string, now = new Date()): Promise<{ memo: MemoEntity; userIds: string[] } | null> {
    const memo = await this.memos.findById(memoId);
    if (!memo || (memo.deadlineAt && memo.deadlineAt <= now)) return null;
    return { memo, userIds: await this.memos.unanswered(memo) };
  }

  /**
   * For the memo bot, just before one person's reminder: true when they still have not answered
   * and no other reminder reached them within the hour before this nudge (`at`, from its job) was asked for.
   */
  async claimNudge(memoId: string, userId: string, at: string): Promise<boolean> {
    const requestedAt = new Date(at.replace(/^auto-/, ''));
    if (Number.isNaN(requestedAt.getTime())) throw new Error(`memo nudge ${memoId}: unreadable time ${at}`);
    return this.memos.claimNudge(memoId, userId, requestedAt, MEMO_NUDGE_GAP_MS);
  }

  /** For the memo bot: the memo and the recipients its DM has not been recorded for, to deliver it. */
  async deliveryOf(memoId: string): Promise<{ memo: MemoEntity; authorName: string; userIds: string[] } | null> {
    const memo = await this.memos.findById(memoId);
    if (!memo) return null;
    const author = await this.users.findById(memo.authorId);
    return { memo, authorName: author?.displayName ?? '', userIds: await this.memos.undelivered(memo.id) };
  }

  /** For the memo bot, after one recipient's DM is posted: records it (once) and tells the author. */
  async markDelivered(memo: MemoEntity, userId: string): Promise<void> {
    if (await this.memos.markDelivered(memo.id, userId)) await this.memoViews.tellAuthor(memo, userId);
  }

  /** Everything the exports print, for the author. */
  async exportData(principal: Principal, id: string): Promise<{ memo: MemoView; status: MemoStatus }> {
    const memo = await this.held(principal, 'memo.author', id);
    return { memo: await this.memoViews.view(principal, memo), status: await this.status(principal, id) };
  }

  /** Where the web client opens a memo. */
  link(memoId: string): string {
    return `${this.config.http.publicUrl}/memos/${memoId}`;
  }

  private async resolveTargets(
    userIds: string[],
    departmentIds: string[],
    agencyIds: string[],
  ): Promise<Array<{ kind: MemoTargetKind; targetId: string; name: string }>> {
    const users = await this.users.findByIds(userIds);
    if (users.length !== userIds.length || users.some((u) => u.kind !== 'staff' || u.disabledAt))
      throw MemoException.unknownTarget('user');
    const departments = await Promise.all(departmentIds.map((id) => this.agencies.findDepartmentById(id)));
    if (departments.some((d) => d === null)) throw MemoException.unknownTarget('department');
    const agencies = await this.agencies.findByIds(agencyIds);
    if (agencies.length !== agencyIds.length) throw MemoException.unknownTarget('agency');
    return [
      ...users.map((u) => ({ kind: 'user' as const, targetId: u.id, name: u.displayName })),
      ...departments.flatMap((d) => (d ? [{ kind: 'department' as const, targetId: d.id, name: d.name }] : [])),
      ...agencies.map((a) => ({ kind: 'agency' as const, targetId: a.id, name: a.name })),
    ];
  }

  /** The memo, once the access layer let `principal` do what `permission` names (404 unless they may read it). */
  private async held(
    principal: Principal,
    permission: 'memo.read' | 'memo.author' | 'memo.recipient',
    id: string,
  ): Promise<MemoEntity> {
    await this.access.requireAccess(principal, permission, id);
    return (await this.memos.findById(id)) ?? failMemoNotFound();
  }
}

function countsOf(rows: RecipientRow[]): MemoCounts {
  return {
    total: rows.length,
    delivered: rows.filter((r) => r.deliveredAt).length,
    read: rows.filter((r) => r.readAt).length,
    acknowledged: rows.filter((r) => r.acknowledgedAt).length,
    opinions: rows.filter((r) => r.opinionAt).length,
  };
}

function failMemoNotFound(): never {
  throw MemoException.notFound();
}
