import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/identity.types.js';
import type { FileEntity, FileOwnerKind } from './file.entity.js';

/** Whether a person may read a file attached to something of a feature's (a memo, a wall post). */
export type FileAccessCheck = (principal: Principal, file: FileEntity) => Promise<boolean>;

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

  async mayRead(principal: Principal, file: FileEntity): Promise<boolean> {
    if (file.ownerKind === null) return false;
    if (file.ownerKind === 'pending') return file.uploaderId === principal.userId;
    const check = this.checks.get(file.ownerKind);
    return check ? check(principal, file) : false;
  }
}
