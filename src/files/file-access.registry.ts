import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/identity.types.js';
import type { FileEntity, FileOwnerKind } from './file.entity.js';

/** Of these files attached to something of a feature's (a memo, a wall post), the ids a person may read; a constant number of statements at any count. */
export type FileAccessCheck = (principal: Principal, files: readonly FileEntity[]) => Promise<Set<string>>;

/**
 * Who may read files outside rooms. Each feature that takes attachments registers the check for
 * its kind when it starts; the files module asks here and never imports the features.
 */
@Injectable()
export class FileAccessRegistry {
  private readonly checks = new Map<Exclude<FileOwnerKind, 'pending'>, FileAccessCheck>();

  register(kind: Exclude<FileOwnerKind, 'pending'>, check: FileAccessCheck): void {
    if (this.checks.has(kind)) throw new Error(`file access for "${kind}" registered twice`);
    this.checks.set(kind, check);
  }

  /** Of these files outside rooms, the ids a person may read: one check per feature, whatever the number of files. */
  async readable(principal: Principal, files: readonly FileEntity[]): Promise<Set<string>> {
    const pending = files
      .filter((f) => f.ownerKind === 'pending' && f.uploaderId === principal.userId)
      .map((f) => f.id);
    const checked = await Promise.all(
      [...this.checks].map(([kind, check]) => {
        const own = files.filter((f) => f.ownerKind === kind && f.ownerId !== null);
        return own.length === 0 ? Promise.resolve(new Set<string>()) : check(principal, own);
      }),
    );
    return new Set([...pending, ...checked.flatMap((ids) => [...ids])]);
  }
}
