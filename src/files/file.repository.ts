import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { FileEntity, type FileOwnerKind } from './file.entity.js';

export type NewFile = Pick<
  FileEntity,
  'roomId' | 'ownerKind' | 'uploaderId' | 'name' | 'contentType' | 'size' | 'sha256' | 'storageKey'
>;

@Injectable()
export class FileRepository {
  constructor(@InjectRepository(FileEntity) private readonly files: Repository<FileEntity>) {}

  async insert(file: NewFile): Promise<FileEntity> {
    return this.files.save(this.files.create(file));
  }

  async findById(id: string): Promise<FileEntity | null> {
    return this.files.findOneBy({ id });
  }

  /** Files posted in a room (attached to a message not deleted), newest first. */
  async postedIn(roomId: string, limit: number): Promise<FileEntity[]> {
    return this.files
      .createQueryBuilder('f')
      .innerJoin('messages', 'm', 'm.id = f.message_id AND m.deleted_at IS NULL')
      .where('f.room_id = :roomId', { roomId })
      .orderBy('f.created_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  async findByIds(ids: readonly string[]): Promise<FileEntity[]> {
    return ids.length === 0 ? [] : this.files.findBy({ id: In([...ids]) });
  }

  /** Of these messages, the ones deleted (their files go with their text). */
  async deletedMessages(messageIds: readonly string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.files.query(
      'SELECT id FROM messages WHERE id = ANY($1::uuid[]) AND deleted_at IS NOT NULL',
      [[...new Set(messageIds)]],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Gives the uploader's pending files (uploaded outside a room) to a memo, an opinion or a wall post; the count tells whether all were. */
  async claim(
    tx: Tx,
    fileIds: string[],
    uploaderId: string,
    kind: Exclude<FileOwnerKind, 'pending'>,
    ownerId: string,
  ): Promise<number> {
    if (fileIds.length === 0) return 0;
    const result = await tx.manager.update(
      FileEntity,
      { id: In(fileIds), uploaderId, roomId: IsNull(), ownerKind: 'pending' },
      { ownerKind: kind, ownerId },
    );
    return result.affected ?? 0;
  }

  /** Gives back to their uploader (pending again) the files of theirs attached to this owner that are no longer wanted. */
  async release(
    tx: Tx,
    kind: Exclude<FileOwnerKind, 'pending'>,
    ownerId: string,
    uploaderId: string,
    keepIds: string[],
  ): Promise<void> {
    await tx.manager
      .createQueryBuilder()
      .update(FileEntity)
      .set({ ownerKind: 'pending', ownerId: null })
      .where(
        'owner_kind = :kind AND owner_id = :ownerId AND uploader_id = :uploaderId AND NOT (id = ANY(:keepIds::uuid[]))',
        { kind, ownerId, uploaderId, keepIds },
      )
      .execute();
  }

  /** Files attached to these memos, opinions or posts, oldest first. */
  async ofOwners(kind: Exclude<FileOwnerKind, 'pending'>, ownerIds: string[]): Promise<FileEntity[]> {
    return ownerIds.length === 0
      ? []
      : this.files.find({ where: { ownerKind: kind, ownerId: In(ownerIds) }, order: { createdAt: 'ASC' } });
  }

  /** Files posted in a thread (its root and its replies), oldest first. */
  async inThreads(rootMessageIds: string[]): Promise<Array<FileEntity & { threadRootId: string }>> {
    if (rootMessageIds.length === 0) return [];
    const rows = await this.files
      .createQueryBuilder('f')
      .innerJoin('messages', 'm', 'm.id = f.message_id AND m.deleted_at IS NULL')
      .addSelect('coalesce(m.thread_root_id, m.id)', 'thread_root')
      .where('coalesce(m.thread_root_id, m.id) IN (:...roots)', { roots: rootMessageIds })
      .orderBy('f.created_at', 'ASC')
      .getRawAndEntities<{ thread_root: string }>();
    return rows.entities.map((file, i) => Object.assign(file, { threadRootId: rows.raw[i]?.thread_root ?? '' }));
  }

  async ofMessages(messageIds: string[]): Promise<FileEntity[]> {
    return messageIds.length === 0
      ? []
      : this.files.find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC' } });
  }
}
