import { Inject, Injectable, Logger } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { createHash, randomUUID } from 'node:crypto';
import { finished, Readable, Transform, type TransformCallback } from 'node:stream';
import { AccessService } from '../access/access.service.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Principal } from '../identity/identity.types.js';
import { MessengerException } from '../messenger/messenger.exception.js';
import { RoomService } from '../messenger/room.service.js';
import type { FileEntity } from './file.entity.js';
import { FileException } from './file.exception.js';
import { FileRepository } from './file.repository.js';
import type { IncomingFile } from './incoming-file.js';
import { STORAGE_DRIVER, type StorageDriver } from './storage/storage.driver.js';

export interface FileView {
  id: string;
  /** Null for a file outside rooms (a memo's, an opinion's, a wall post's, or one not attached yet). */
  roomId: string | null;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const SNIFF_BYTES = 4100;

/**
 * Uploads into rooms (member-only downloads) and outside them (for memos and wall posts, whose
 * features say who may read); bytes stream through, never buffered whole.
 */
@Injectable()
export class FileService {
  private readonly logger = new Logger(FileService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(STORAGE_DRIVER) private readonly storage: StorageDriver,
    private readonly files: FileRepository,
    private readonly rooms: RoomService,
    private readonly access: AccessService,
  ) {}

  async upload(principal: Principal, roomId: string, file: IncomingFile): Promise<FileView> {
    return discardOnError(file, async () => {
      const name = cleanName(file.name);
      const { room } = await this.rooms.access(principal, roomId);
      if (room.archivedAt) throw MessengerException.roomArchived();
      return this.store(principal.userId, roomId, name, file);
    });
  }

  /**
   * A file for a memo, an opinion or a wall post: stored on its own, readable by its uploader
   * alone until the feature takes it (FileRepository.claim) in the transaction that saves the thing.
   */
  async uploadLoose(principal: Principal, file: IncomingFile): Promise<FileView> {
    return discardOnError(file, async () => {
      if (principal.kind !== 'staff') throw FileException.notFound();
      return this.store(principal.userId, null, cleanName(file.name), file);
    });
  }

  /**
   * Stores a file a bridge brings into a room (an e-mail attachment) as its bot user, who then
   * attaches it to the message it posts. The caller has already decided the room may receive it.
   */
  async storeFor(uploaderId: string, roomId: string, rawName: unknown, bytes: Buffer): Promise<FileView> {
    return this.storeStreamFor(uploaderId, roomId, rawName, Readable.from([bytes]), bytes.length);
  }

  /** The same, for bytes that stream in (a download from another system): counted against the upload limit and sniffed as they pass. */
  async storeStreamFor(
    uploaderId: string,
    roomId: string,
    rawName: unknown,
    stream: Readable,
    declaredBytes?: number,
  ): Promise<FileView> {
    const file: IncomingFile = {
      name: rawName,
      stream,
      declaredBytes,
      finished: Promise.resolve(),
      discard: () => stream.destroy(),
    };
    return discardOnError(file, async () => this.store(uploaderId, roomId, cleanName(rawName), file));
  }

  private async store(uploaderId: string, roomId: string | null, name: string, file: IncomingFile): Promise<FileView> {
    const maxBytes = this.config.files.maxBytes;
    if (file.declaredBytes !== undefined && file.declaredBytes > maxBytes) throw FileException.tooLarge(maxBytes);

    const meter = new Meter(maxBytes);
    // The storage driver may attach to the meter only after an await (a folder to make) while
    // bytes already flow; it still sees an earlier error from the meter's state.
    meter.on('error', () => undefined);
    const key = randomUUID();
    // pipe() passes on neither a source's error nor its end without one (a client gone, a broken
    // form); without this such an upload would never end. The source is not destroyed: the
    // request it may be must still carry the answer.
    finished(file.stream, { writable: false }, (error) => {
      if (error) meter.destroy(error);
    });
    try {
      await this.storage.write(key, file.stream.pipe(meter));
    } catch (error) {
      file.discard();
      if (meter.exceeded) throw FileException.tooLarge(maxBytes);
      // A multipart request refused as a whole (a second file, a broken body) says why.
      await file.finished;
      throw error;
    }
    try {
      await file.finished;
      if (meter.size === 0) throw FileException.empty();
    } catch (error) {
      await this.storage.remove(key);
      throw error;
    }
    try {
      const stored = await this.files.insert({
        roomId,
        ownerKind: roomId ? null : 'pending',
        uploaderId,
        name,
        contentType: await sniff(meter.head),
        size: String(meter.size),
        sha256: meter.digest(),
        storageKey: key,
      });
      return fileView(stored);
    } catch (error) {
      // The row is the file's only reference: without it the bytes must go too.
      await this.storage
        .remove(key)
        .catch((e: unknown) => this.logger.warn(`could not remove orphan ${key}: ${String(e)}`));
      throw error;
    }
  }

  /**
   * Metadata and a byte stream, only for members of the file's room, and only while it is on a
   * message that still stands (not yet attached: its uploader alone). Everyone else: not found.
   */
  async open(principal: Principal, fileId: string): Promise<{ file: FileView; stream: Readable }> {
    const file = await this.readable(principal, fileId);
    return { file: fileView(file), stream: await this.storage.read(file.storageKey) };
  }

  /**
   * A file's bytes for a job that sends what a room member attached (a reply mailed out); null
   * when the file is gone. Access was checked when the file was attached in the room.
   */
  async openStored(fileId: string): Promise<{ file: FileView; stream: Readable } | null> {
    const file = await this.files.findById(fileId);
    return file ? { file: fileView(file), stream: await this.storage.read(file.storageKey) } : null;
  }

  async metadata(principal: Principal, fileId: string): Promise<FileView> {
    return fileView(await this.readable(principal, fileId));
  }

  /** The file, when the file policy lets this person read it; anyone else hears it is not found (a database failure stays one). */
  private async readable(principal: Principal, fileId: string): Promise<FileEntity> {
    await this.access.requireAccess(principal, 'file.read', fileId);
    const file = await this.files.findById(fileId);
    if (!file) throw FileException.notFound();
    return file;
  }
}

/** Whatever refuses an upload, the rest of its request is drained rather than left half read. */
async function discardOnError<T>(file: IncomingFile, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    file.discard();
    throw error;
  }
}

export function fileView(file: FileEntity): FileView {
  return {
    id: file.id,
    roomId: file.roomId,
    name: file.name,
    contentType: file.contentType,
    size: Number(file.size),
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
  };
}

function cleanName(raw: unknown): string {
  const name =
    typeof raw === 'string'
      ? [...raw.normalize('NFC')]
          .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? '_' : c))
          .join('')
          .trim()
      : '';
  if (name.length === 0 || name.length > 255 || name === '.' || name === '..') throw FileException.badName();
  return name;
}

/** The type the bytes say they are; a client's Content-Type is never trusted. */
async function sniff(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (!head.includes(0) && isUtf8(head)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

function isUtf8(bytes: Buffer): boolean {
  // A multi-byte character may be cut at the end of the sniffed head; ignore its last 3 bytes.
  const body = bytes.length >= SNIFF_BYTES ? bytes.subarray(0, bytes.length - 3) : bytes;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** Counts, hashes and keeps the first bytes for sniffing as the upload streams through. */
class Meter extends Transform {
  size = 0;
  exceeded = false;
  head = Buffer.alloc(0);
  private readonly hash = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.exceeded = true;
      callback(new Error('file too large'));
      return;
    }
    if (this.head.length < SNIFF_BYTES)
      this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
