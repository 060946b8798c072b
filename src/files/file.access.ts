import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import type { Principal } from '../identity/identity.types.js';
import { FileAccessRegistry } from './file-access.registry.js';
import { FileException } from './file.exception.js';
import { FileRepository } from './file.repository.js';

/**
 * Who may read files. A room's file: the room's readers, while it is on a message that still
 * stands (not attached yet: its uploader alone). A file outside rooms: what the feature it belongs
 * to says (FileAccessRegistry). Four statements at most, whatever the number of files.
 */
@Injectable()
export class FileAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'file';

  constructor(
    private readonly access: AccessService,
    private readonly files: FileRepository,
    private readonly features: FileAccessRegistry,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    if (action !== 'read') return new Set();
    const files = await this.files.findByIds(ids);
    const inRooms = files.filter((f) => f.roomId !== null);
    const messageIds = inRooms.flatMap((f) => (f.messageId === null ? [] : [f.messageId]));
    const [rooms, deleted, loose] = await Promise.all([
      this.access.allowed(
        principal,
        'room.read',
        inRooms.map((f) => f.roomId as string),
      ),
      this.files.deletedMessages(messageIds),
      this.features.readable(
        principal,
        files.filter((f) => f.roomId === null),
      ),
    ]);
    const roomFiles = inRooms.filter(
      (f) =>
        rooms.has(f.roomId as string) &&
        (f.messageId === null ? f.uploaderId === principal.userId : !deleted.has(f.messageId)),
    );
    return new Set([...roomFiles.map((f) => f.id), ...loose]);
  }

  notFound(): Error {
    return FileException.notFound();
  }

  forbidden(): Error {
    return FileException.notFound();
  }
}
