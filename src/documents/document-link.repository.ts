import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { DocumentChangeEntity } from './document-change.entity.js';
import { DocumentEntryEntity } from './document-entry.entity.js';
import { DocumentLinkEntity } from './document-link.entity.js';

export type NewDocumentLink = Pick<
  DocumentLinkEntity,
  'id' | 'roomId' | 'url' | 'root' | 'username' | 'passwordSealed' | 'createdBy'
>;

export type WatermarkEntry = Pick<DocumentEntryEntity, 'path' | 'etag' | 'size' | 'modifiedAt'>;

export type NewDocumentChange = Omit<DocumentChangeEntity, 'createdAt' | 'link'>;

@Injectable()
export class DocumentLinkRepository {
  constructor(
    @InjectRepository(DocumentLinkEntity) private readonly links: Repository<DocumentLinkEntity>,
    @InjectRepository(DocumentChangeEntity) private readonly changes: Repository<DocumentChangeEntity>,
  ) {}

  async findByRoom(roomId: string): Promise<DocumentLinkEntity | null> {
    return this.links.findOne({ where: { roomId } });
  }

  async findById(id: string): Promise<DocumentLinkEntity | null> {
    return this.links.findOne({ where: { id } });
  }

  /** The link with its sealed password, for opening the folder. */
  async withSecret(id: string): Promise<DocumentLinkEntity | null> {
    return this.links.createQueryBuilder('l').addSelect('l.passwordSealed').where('l.id = :id', { id }).getOne();
  }

  /** Links the sweep follows: active, of rooms that are not archived. */
  async activeIds(): Promise<string[]> {
    const rows = await this.links
      .createQueryBuilder('l')
      .select('l.id', 'id')
      .innerJoin('rooms', 'r', 'r.id = l.room_id AND r.archived_at IS NULL')
      .where(`l.status = 'active'`)
      .orderBy('l.created_at', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Replaces the room's link (its watermark and changes go with the old one). */
  async replace(tx: Tx, link: NewDocumentLink): Promise<void> {
    await tx.manager.delete(DocumentLinkEntity, { roomId: link.roomId });
    await tx.manager.insert(DocumentLinkEntity, {
      ...link,
      status: 'active',
      failures: 0,
      lastError: null,
      baselineAt: null,
      syncedAt: null,
      parkedAt: null,
    });
  }

  async removeByRoom(roomId: string): Promise<boolean> {
    const result = await this.links.delete({ roomId });
    return (result.affected ?? 0) > 0;
  }

  /** Locks the link for the rest of the transaction, so two syncs of one folder take turns. */
  async lock(tx: Tx, id: string): Promise<DocumentLinkEntity | null> {
    return tx.manager
      .createQueryBuilder(DocumentLinkEntity, 'l')
      .where('l.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async watermark(tx: Tx, linkId: string): Promise<WatermarkEntry[]> {
    return tx.manager.find(DocumentEntryEntity, {
      select: { path: true, etag: true, size: true, modifiedAt: true },
      where: { linkId },
    });
  }

  async writeWatermark(tx: Tx, linkId: string, upserts: WatermarkEntry[], removed: string[]): Promise<void> {
    for (let i = 0; i < removed.length; i += 500)
      await tx.manager.delete(DocumentEntryEntity, { linkId, path: In(removed.slice(i, i + 500)) });
    for (let i = 0; i < upserts.length; i += 500) {
      await tx.manager.upsert(
        DocumentEntryEntity,
        upserts.slice(i, i + 500).map((e) => ({ ...e, linkId })),
        { conflictPaths: ['linkId', 'path'] },
      );
    }
  }

  async insertChanges(tx: Tx, changes: NewDocumentChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += 500)
      await tx.manager.insert(DocumentChangeEntity, changes.slice(i, i + 500));
  }

  async markSynced(tx: Tx, id: string, at: Date, baseline: boolean): Promise<void> {
    await tx.manager.update(
      DocumentLinkEntity,
      { id },
      { failures: 0, lastError: null, syncedAt: at, ...(baseline ? { baselineAt: at } : {}) },
    );
  }

  async markFailed(tx: Tx, id: string, failures: number, code: string, parkedAt: Date | null): Promise<void> {
    await tx.manager.update(
      DocumentLinkEntity,
      { id },
      { failures, lastError: code, ...(parkedAt ? { status: 'parked' as const, parkedAt } : {}) },
    );
  }

  /** Forgets changes recorded before `before` (long announced); returns how many. */
  async pruneChanges(before: Date): Promise<number> {
    const result = await this.changes.createQueryBuilder().delete().where('created_at < :before', { before }).execute();
    return result.affected ?? 0;
  }

  /** The changes one sync recorded, in path order. */
  async batch(batchId: string): Promise<DocumentChangeEntity[]> {
    return this.changes.find({ where: { batchId }, order: { path: 'ASC' } });
  }
}
