import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DOCUMENT_STORE,
  DocumentStoreError,
  type DocumentEntry,
  type DocumentFolder,
  type DocumentStore,
} from '../bus/capabilities/document-store.js';
import { EventPublisher } from '../bus/event-publisher.service.js';
import { JobName } from '../bus/bus.constants.js';
import { hasControlCharacters } from '../common/control-characters.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { FileException } from '../files/file.exception.js';
import { FileRepository } from '../files/file.repository.js';
import { FileService, type FileView } from '../files/file.service.js';
import { UserKind, type Principal } from '../identity/identity.types.js';
import { MessengerException } from '../messenger/messenger.exception.js';
import { RoomService } from '../messenger/room.service.js';
import type { DocumentLinkEntity } from './document-link.entity.js';
import { DocumentLinkRepository } from './document-link.repository.js';
import { folderPath, numberedName } from './document-path.js';
import { documentsKey, seal, unseal } from './document-secret.js';
import { DocumentsException } from './documents.exception.js';

/** What anyone in the room may read about its link: never the password. */
export interface DocumentLinkView {
  url: string;
  path: string;
  username: string;
  status: 'active' | 'parked';
  lastError: string | null;
  syncedAt: string | null;
  parkedAt: string | null;
}

export interface LinkInput {
  url: string;
  username: string;
  password: string;
  path: string;
}

export type SaveMode = 'fail' | 'overwrite' | 'rename';

const SEARCH_LIMIT = 20;
/** How many numbered names `rename` tries before giving up with a conflict. */
const RENAME_TRIES = 50;

/**
 * Rooms and their document folders: linking (owners), and for members search, a document's card,
 * its download through Ieum, and saving a room file into the folder. Every call checks the caller
 * is in the room first; the folder is opened with the link's password only for that call.
 */
@Injectable()
export class DocumentService {
  private readonly logger = new Logger(DocumentService.name);
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly uow: UnitOfWork,
    private readonly links: DocumentLinkRepository,
    private readonly rooms: RoomService,
    private readonly files: FileService,
    private readonly roomFiles: FileRepository,
    private readonly events: EventPublisher,
  ) {
    this.key = documentsKey(config.documents.key, config.auth.jwtSecret);
  }

  /**
   * Links (or re-links) the room to a folder, once the server has answered with these credentials;
   * nothing is stored when it does not. The first sync records what is there without announcing it.
   */
  async link(principal: Principal, roomId: string, input: LinkInput): Promise<DocumentLinkView> {
    const { room } = await this.rooms.manage(principal, roomId);
    if (room.archivedAt) throw MessengerException.roomArchived();
    const url = this.checkedUrl(input.url);
    const root = folderPath(input.path);
    if (hasControlCharacters(input.username) || input.username.trim().length === 0)
      throw DocumentsException.badAddress('the user name is empty or holds control characters');
    const folder = this.openWith({ url, username: input.username, password: input.password, root });
    const check = await folder.checkConnection();
    if (!check.ok) throw DocumentsException.fromStore(check.failure ?? 'unreachable', root);
    const id = randomUUID();
    await this.uow.run(async (tx) => {
      await this.links.replace(tx, {
        id,
        roomId,
        url,
        root,
        username: input.username,
        passwordSealed: seal(this.key, input.password, id),
        createdBy: principal.userId,
      });
      await this.events.publish(tx, { name: JobName.DocumentSync, data: { linkId: id } });
    });
    this.logger.log(`room ${roomId} linked to a document folder (link ${id})`);
    return this.get(principal, roomId);
  }

  async get(principal: Principal, roomId: string): Promise<DocumentLinkView> {
    await this.rooms.access(principal, roomId);
    return linkView(await this.linkOf(roomId));
  }

  async unlink(principal: Principal, roomId: string): Promise<void> {
    await this.rooms.manage(principal, roomId);
    if (!(await this.links.removeByRoom(roomId))) throw DocumentsException.notLinked();
  }

  /** Files whose names hold every word (case and Unicode form aside), at most 20. */
  async search(principal: Principal, roomId: string, words: string): Promise<DocumentEntry[]> {
    await this.rooms.access(principal, roomId);
    const terms = normalise(words)
      .split(/\s+/)
      .filter((w) => w.length > 0);
    if (terms.length === 0) throw DocumentsException.noWords();
    const folder = await this.folderOf(await this.linkOf(roomId));
    const entries = await call(() => folder.list(), '/');
    return entries
      .filter((e) => e.kind === 'file' && terms.every((t) => normalise(e.name).includes(t)))
      .slice(0, SEARCH_LIMIT);
  }

  /** A document's entry, for its card in the room. */
  async describe(
    principal: Principal,
    roomId: string,
    rawPath: string,
  ): Promise<{ entry: DocumentEntry; downloadUrl: string }> {
    await this.rooms.access(principal, roomId);
    const path = folderPath(rawPath);
    const folder = await this.folderOf(await this.linkOf(roomId));
    const entry = await call(() => folder.stat(path), path);
    if (!entry || entry.kind !== 'file') throw DocumentsException.notFound(path);
    return { entry, downloadUrl: this.downloadUrl(roomId, path) };
  }

  /** The bytes of a document, streamed from the server through Ieum; members of the room only. */
  async download(
    principal: Principal,
    roomId: string,
    rawPath: string,
  ): Promise<{ entry: DocumentEntry; stream: Readable }> {
    await this.rooms.access(principal, roomId);
    const path = folderPath(rawPath);
    const folder = await this.folderOf(await this.linkOf(roomId));
    return call(() => folder.read(path), path);
  }

  /**
   * Saves a file of the room (by id, or the latest posted with that name) at the top of the folder.
   * A name that exists is a conflict, unless the caller asked to overwrite it or to number the new one.
   */
  async save(
    principal: Principal,
    roomId: string,
    ref: string,
    mode: SaveMode,
  ): Promise<{ path: string; file: FileView }> {
    const { room } = await this.rooms.access(principal, roomId);
    // Writing into an agency's document system is for its staff, not for guests of the room.
    if (principal.kind !== UserKind.Staff) throw DocumentsException.staffOnly();
    if (room.archivedAt) throw MessengerException.roomArchived();
    const link = await this.linkOf(roomId);
    const file = await this.roomFile(principal, roomId, ref);
    const folder = await this.folderOf(link);
    let path = folderPath(file.name);
    if (mode === 'rename') {
      let n = 1;
      while (await call(() => folder.stat(path), path)) {
        n += 1;
        if (n > RENAME_TRIES) throw DocumentsException.conflict(file.name);
        path = folderPath(numberedName(file.name, n));
      }
    }
    const { stream } = await this.files.open(principal, file.id);
    await call(() => folder.write(path, stream, { size: file.size, overwrite: mode === 'overwrite' }), path);
    return { path, file };
  }

  /** Where the card's download goes: Ieum's own route, which checks the room and streams from the server. */
  downloadUrl(roomId: string, path: string): string {
    return `${this.config.http.publicUrl}/rooms/${roomId}/documents/file?path=${encodeURIComponent(path)}`;
  }

  /** The folder of a link, with its password opened for this use only. */
  async folderOf(link: DocumentLinkEntity): Promise<DocumentFolder> {
    const sealed = await this.links.withSecret(link.id);
    if (!sealed) throw DocumentsException.notLinked();
    let password: string;
    try {
      password = unseal(this.key, sealed.passwordSealed, sealed.id);
    } catch {
      throw DocumentsException.credentialsUnreadable();
    }
    return this.openWith({ url: sealed.url, username: sealed.username, password, root: sealed.root });
  }

  private openWith(access: { url: string; username: string; password: string; root: string }): DocumentFolder {
    try {
      return this.store.open(access);
    } catch (error) {
      if (error instanceof DocumentStoreError) throw DocumentsException.badAddress(error.message);
      throw error;
    }
  }

  private async linkOf(roomId: string): Promise<DocumentLinkEntity> {
    const link = await this.links.findByRoom(roomId);
    if (!link) throw DocumentsException.notLinked();
    return link;
  }

  private async roomFile(principal: Principal, roomId: string, ref: string): Promise<FileView> {
    const trimmed = ref.trim();
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed)) {
      // Only the file service's own refusal means "no such file here"; a database failure stays one.
      const file = await this.files.metadata(principal, trimmed).catch((error: unknown) => {
        if (error instanceof FileException) return null;
        throw error;
      });
      if (!file || file.roomId !== roomId) throw DocumentsException.fileNotFound();
      return file;
    }
    const wanted = trimmed.normalize('NFC');
    const found = (await this.roomFiles.postedIn(roomId, 500)).find((f) => f.name.normalize('NFC') === wanted);
    if (!found) throw DocumentsException.fileNotFound();
    return this.files.metadata(principal, found.id);
  }

  private checkedUrl(raw: string): string {
    let parsed: URL;
    try {
      parsed = new URL(raw.trim());
    } catch {
      throw DocumentsException.badAddress('not a URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw DocumentsException.badAddress('only http and https');
    if (parsed.username || parsed.password)
      throw DocumentsException.badAddress('put the user name and password in their own fields, not in the address');
    if (parsed.search || parsed.hash) throw DocumentsException.badAddress('no query or fragment');
    const allowed = this.config.documents.allowedHosts;
    if (allowed.length > 0 && !allowed.includes(parsed.hostname.toLowerCase()))
      throw DocumentsException.hostNotAllowed(parsed.hostname);
    return parsed.toString().replace(/\/+$/, '');
  }
}

/** Runs a folder call, turning a connector's failure into the domain's coded error. */
export async function call<T>(work: () => Promise<T>, path: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DocumentStoreError) throw DocumentsException.fromStore(error.failure, path);
    throw error;
  }
}

export function linkView(link: DocumentLinkEntity): DocumentLinkView {
  return {
    url: link.url,
    path: link.root,
    username: link.username,
    status: link.status,
    lastError: link.lastError,
    syncedAt: link.syncedAt?.toISOString() ?? null,
    parkedAt: link.parkedAt?.toISOString() ?? null,
  };
}

function normalise(text: string): string {
  return text.normalize('NFC').toLowerCase();
}
