import { Injectable } from '@nestjs/common';
import { FileRepository } from '../files/file.repository.js';
import { fileView, type FileView } from '../files/file.service.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { RealtimePublisher } from '../messenger/realtime/realtime.publisher.js';
import type { MemoEntity } from './memo.entity.js';
import type { MemoTargetKind } from './memos.types.js';
import { MemoException } from './memo.exception.js';
import { MemoRepository, type RecipientRow } from './memo.repository.js';
import type { MemoCounts, MemoStatusEvent, MemoStatusRow } from './memo-status.js';

export interface MemoView {
  id: string;
  ref: string;
  title: string;
  body: string;
  author: { id: string; displayName: string; agencyName: string };
  deadlineAt: string | null;
  opinionRequested: boolean;
  /** Open for opinions: before the deadline (or with none). */
  open: boolean;
  addressees: Array<{ kind: MemoTargetKind; id: string; name: string }>;
  files: FileView[];
  createdAt: string;
  /** The author's counts; absent for recipients. */
  counts?: MemoCounts;
  /** The caller's own receipt, when they are a recipient. */
  mine?: {
    deliveredAt: string | null;
    readAt: string | null;
    acknowledgedAt: string | null;
    opinion: string | null;
    opinionAt: string | null;
    files: FileView[];
  };
}

/**
 * What memos look like to the people they concern: a memo as its author or a recipient sees it,
 * the author's status rows, and the live update of those rows on the author's open clients. For
 * MemoService, which checks who may see what before asking.
 */
@Injectable()
export class MemoViews {
  constructor(
    private readonly memos: MemoRepository,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly files: FileRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  async statusRows(memo: MemoEntity, rows: RecipientRow[]): Promise<MemoStatusRow[]> {
    const opinionFiles = rows.length === 0 ? [] : await this.files.ofOwners('opinion', [memo.id]);
    return rows.map((r) => ({
      userId: r.userId,
      displayName: r.displayName,
      agencyName: r.agencyName,
      via: r.via,
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
      readAt: r.readAt?.toISOString() ?? null,
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      opinion: r.opinion,
      opinionAt: r.opinionAt?.toISOString() ?? null,
      files: opinionFiles.filter((f) => f.uploaderId === r.userId).map(fileView),
      answered: memo.opinionRequested ? r.opinionAt !== null : r.acknowledgedAt !== null,
    }));
  }

  /** The author's open clients get the new counts and the recipient's row as it is now. */
  async tellAuthor(memo: MemoEntity, userId: string): Promise<void> {
    const counts = (await this.memos.counts([memo.id])).get(memo.id) ?? {
      total: 0,
      delivered: 0,
      read: 0,
      acknowledged: 0,
      opinions: 0,
    };
    const [changed] = await this.statusRows(memo, await this.memos.rows(memo.id, userId));
    if (!changed) return;
    const event: MemoStatusEvent = { memoId: memo.id, ...counts, changed };
    this.realtime.toUsers([memo.authorId], 'memo.status', event);
  }

  async view(principal: Principal, memo: MemoEntity): Promise<MemoView> {
    const [view] = await this.views(principal, [memo]);
    if (!view) throw MemoException.notFound();
    return view;
  }

  /** Views of several memos in a fixed number of statements, whatever their number (a list asks for 50). */
  async views(principal: Principal, memos: MemoEntity[]): Promise<MemoView[]> {
    if (memos.length === 0) return [];
    const ids = memos.map((m) => m.id);
    const authored = memos.filter((m) => m.authorId === principal.userId).map((m) => m.id);
    const received = memos.filter((m) => m.authorId !== principal.userId).map((m) => m.id);
    const [authors, agencies, targets, files, receipts, opinionFiles, counts] = await Promise.all([
      this.users.findByIds([...new Set(memos.map((m) => m.authorId))]),
      this.agencies.findByIds([...new Set(memos.map((m) => m.authorAgencyId))]),
      this.memos.targetsOfMany(ids),
      this.files.ofOwners('memo', ids),
      this.memos.recipientOfMany(received, principal.userId),
      received.length > 0 ? this.files.ofOwners('opinion', received) : Promise.resolve([]),
      this.memos.counts(authored),
    ]);
    const authorOf = new Map(authors.map((u) => [u.id, u]));
    const agencyOf = new Map(agencies.map((a) => [a.id, a]));
    const receiptOf = new Map(receipts.map((r) => [r.memoId, r]));
    return memos.map((memo) => {
      const isAuthor = memo.authorId === principal.userId;
      const receipt = isAuthor ? undefined : receiptOf.get(memo.id);
      const myFiles = receipt
        ? opinionFiles.filter((f) => f.ownerId === memo.id && f.uploaderId === principal.userId).map(fileView)
        : [];
      return {
        id: memo.id,
        ref: memo.id.slice(0, 8),
        title: memo.title,
        body: memo.body,
        author: {
          id: memo.authorId,
          displayName: authorOf.get(memo.authorId)?.displayName ?? '',
          agencyName: agencyOf.get(memo.authorAgencyId)?.name ?? '',
        },
        deadlineAt: memo.deadlineAt?.toISOString() ?? null,
        opinionRequested: memo.opinionRequested,
        open: memo.deadlineAt === null || memo.deadlineAt > new Date(),
        addressees: targets
          .filter((t) => t.memoId === memo.id)
          .map((t) => ({ kind: t.kind, id: t.targetId, name: t.name })),
        files: files.filter((f) => f.ownerId === memo.id).map(fileView),
        createdAt: memo.createdAt.toISOString(),
        ...(isAuthor
          ? { counts: counts.get(memo.id) ?? { total: 0, delivered: 0, read: 0, acknowledged: 0, opinions: 0 } }
          : {}),
        ...(receipt
          ? {
              mine: {
                deliveredAt: receipt.deliveredAt?.toISOString() ?? null,
                readAt: receipt.readAt?.toISOString() ?? null,
                acknowledgedAt: receipt.acknowledgedAt?.toISOString() ?? null,
                opinion: receipt.opinion,
                opinionAt: receipt.opinionAt?.toISOString() ?? null,
                files: myFiles,
              },
            }
          : {}),
      };
    });
  }
}
