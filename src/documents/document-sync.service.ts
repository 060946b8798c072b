import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DocumentStoreError, type DocumentEntry } from '../bus/capabilities/document-store.js';
import { JobName, QueueName } from '../bus/bus.constants.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { QueueService } from '../bus/queue.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { changesAnnouncement, parkedNotice } from './document-card.js';
import type { DocumentChangeKind } from './documents.types.js';
import { DocumentLinkRepository, type NewDocumentChange, type WatermarkEntry } from './document-link.repository.js';
import { DocumentService } from './document.service.js';
import { DocumentsException } from './documents.exception.js';

export type SyncOutcome = 'skipped' | 'baseline' | 'synced' | 'failed' | 'parked';

/** What a room is told, and where. */
export interface DocumentAnnouncement {
  roomId: string;
  body: string;
}

const ZONE = 'Asia/Seoul';
/** Recorded changes are kept this long after they were announced, then forgotten. */
const CHANGES_KEPT_DAYS = 90;

/**
 * Follows linked folders. A sweep (a BullMQ job scheduler, every DOCUMENTS_SWEEP_MS) queues one
 * sync per active link. A sync lists the folder, then in one transaction, with the link's row
 * locked, compares it with the watermark (path → ETag), moves the watermark and records the
 * changes with the outbox event that announces them. So a change is announced once: a crash before
 * the commit leaves the watermark where it was (the next sync finds the change again), a crash
 * after it leaves the outbox row (the relay runs it after a restart), and the announcement's
 * client id comes from the batch. A server that fails DOCUMENTS_PARK_AFTER syncs in a row (or
 * refuses the password once) parks the link, with one notice in the room.
 */
@Injectable()
export class DocumentSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DocumentSyncService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly links: DocumentLinkRepository,
    private readonly documents: DocumentService,
    private readonly queues: QueueService,
    private readonly events: EventPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.roles.has('worker')) return;
    await this.queues.schedule(
      QueueName.Documents,
      'document-sweep',
      this.config.documents.sweepMs,
      JobName.DocumentSweep,
    );
  }

  /** Forgets changes older than CHANGES_KEPT_DAYS (the watermark is what a sync compares with; these are only history). */
  async prune(now: Date): Promise<number> {
    return this.links.pruneChanges(new Date(now.getTime() - CHANGES_KEPT_DAYS * 86_400_000));
  }

  /** Queues one sync per active link; `tick` names the sweep, so a retried sweep queues the same job ids, which BullMQ ignores. */
  async queueSyncs(tick: string): Promise<number> {
    const ids = await this.links.activeIds();
    for (const linkId of ids)
      await this.queues.add(JobName.DocumentSync, { linkId }, { jobId: `docsync-${linkId}-${tick}` });
    return ids.length;
  }

  async sync(linkId: string, now: Date): Promise<{ outcome: SyncOutcome; changes: number }> {
    const link = await this.links.findById(linkId);
    if (!link || link.status !== 'active') return { outcome: 'skipped', changes: 0 };
    let listed: DocumentEntry[];
    try {
      listed = await (await this.documents.folderOf(link)).list();
    } catch (error) {
      if (error instanceof DocumentStoreError)
        return this.fail(linkId, DocumentsException.fromStore(error.failure, '/').code, error.failure === 'auth', now);
      // Neither mends by itself: a password that no key opens, an address the connector refuses.
      if (error instanceof DocumentsException) return this.fail(linkId, error.code, true, now);
      throw error;
    }
    const files = new Map(listed.filter((e) => e.kind === 'file').map((e) => [e.path, e]));
    return this.uow.run(async (tx) => {
      const locked = await this.links.lock(tx, linkId);
      // Re-linked or parked while the folder was listed: this listing is not the link's any more.
      if (!locked || locked.status !== 'active') return { outcome: 'skipped' as const, changes: 0 };
      const seen = new Map((await this.links.watermark(tx, linkId)).map((e) => [e.path, e]));
      const upserts: WatermarkEntry[] = [];
      const changes: Array<{
        change: DocumentChangeKind;
        entry: DocumentEntry | WatermarkEntry;
        changedBy: string | null;
      }> = [];
      for (const [path, entry] of files) {
        const before = seen.get(path);
        const mark: WatermarkEntry = {
          path,
          etag: entry.etag,
          size: entry.size === null ? null : String(entry.size),
          modifiedAt: entry.modifiedAt,
        };
        if (!before) {
          upserts.push(mark);
          changes.push({ change: 'added', entry, changedBy: entry.changedBy });
        } else if (differs(before, mark)) {
          upserts.push(mark);
          changes.push({ change: 'changed', entry, changedBy: entry.changedBy });
        }
      }
      const removed = [...seen.keys()].filter((path) => !files.has(path));
      for (const path of removed) {
        const before = seen.get(path);
        if (before) changes.push({ change: 'removed', entry: before, changedBy: null });
      }
      await this.links.writeWatermark(tx, linkId, upserts, removed);
      const baseline = locked.baselineAt === null;
      await this.links.markSynced(tx, linkId, now, baseline);
      // The first sync records what is there; only what changes after it is news.
      if (baseline || changes.length === 0)
        return { outcome: baseline ? ('baseline' as const) : ('synced' as const), changes: 0 };
      const batchId = randomUUID();
      await this.links.insertChanges(
        tx,
        changes.map(({ change, entry, changedBy }): NewDocumentChange => ({
          id: randomUUID(),
          linkId,
          batchId,
          path: entry.path,
          change,
          etag: entry.etag,
          size: entry.size === null ? null : String(entry.size),
          modifiedAt: entry.modifiedAt,
          changedBy,
        })),
      );
      await this.events.publish(tx, { name: JobName.DocumentChanged, data: { batchId } });
      return { outcome: 'synced' as const, changes: changes.length };
    });
  }

  /** The announcement of one sync's changes, or null when its link is gone. */
  async announcement(batchId: string): Promise<DocumentAnnouncement | null> {
    const changes = await this.links.batch(batchId);
    const first = changes[0];
    const link = first ? await this.links.findById(first.linkId) : null;
    if (!first || !link) return null;
    const lines = changes.map((c) => ({
      change: c.change,
      path: c.path,
      size: c.size === null ? null : Number(c.size),
      modifiedAt: c.modifiedAt,
      changedBy: c.changedBy,
    }));
    return { roomId: link.roomId, body: changesAnnouncement(lines, ZONE) };
  }

  /** The notice that a link was parked at `parkedAt`, or null when it was re-linked or removed since. */
  async parkedAnnouncement(linkId: string, parkedAt: string): Promise<DocumentAnnouncement | null> {
    const link = await this.links.findById(linkId);
    if (link?.status !== 'parked' || link.parkedAt?.toISOString() !== parkedAt) return null;
    return {
      roomId: link.roomId,
      body: parkedNotice(link.lastError ?? DocumentsException.unreachable().code, link.failures),
    };
  }

  /** Counts a failed sync; `parkNow` for what does not mend by itself (a refused password), else after DOCUMENTS_PARK_AFTER in a row. */
  private async fail(
    linkId: string,
    code: string,
    parkNow: boolean,
    now: Date,
  ): Promise<{ outcome: SyncOutcome; changes: number }> {
    return this.uow.run(async (tx) => {
      const locked = await this.links.lock(tx, linkId);
      if (!locked || locked.status !== 'active') return { outcome: 'skipped' as const, changes: 0 };
      const failures = locked.failures + 1;
      const park = parkNow || failures >= this.config.documents.parkAfter;
      await this.links.markFailed(tx, linkId, failures, code, park ? now : null);
      this.logger.warn(`document link ${linkId}: sync failed (${code}, ${failures} in a row)${park ? ', parked' : ''}`);
      if (!park) return { outcome: 'failed' as const, changes: 0 };
      await this.events.publish(tx, {
        name: JobName.DocumentLinkParked,
        data: { linkId, parkedAt: now.toISOString() },
      });
      return { outcome: 'parked' as const, changes: 0 };
    });
  }
}

/** Changed when the ETag differs; a server without ETags is compared by size and modification time. */
function differs(before: WatermarkEntry, now: WatermarkEntry): boolean {
  if (before.etag !== null || now.etag !== null) return before.etag !== now.etag;
  return before.size !== now.size || before.modifiedAt?.getTime() !== now.modifiedAt?.getTime();
}
