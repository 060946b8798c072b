import type { Readable } from 'node:stream';

/**
 * The document-system capability a connector provides (connectors/documents speaks WebDAV). The
 * domain keeps the link (which folder, whose credentials) and opens a folder with it; the folder
 * lists, reads and writes below its root and never above it. Paths are relative to the root,
 * '/'-separated, starting with '/', already checked by the caller (no '..').
 */
export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

/** Where a linked folder is and how to sign in; the password is decrypted only to build this. */
export interface DocumentFolderAccess {
  /** The server's WebDAV endpoint, http or https, without credentials in it. */
  url: string;
  username: string;
  password: string;
  /** The linked folder below the endpoint ('/' for its top). */
  root: string;
}

export interface DocumentEntry {
  /** Relative to the linked folder: '/보고서/2026.hwp'. */
  path: string;
  name: string;
  kind: 'file' | 'folder';
  /** Bytes, for files; null when the server did not say. */
  size: number | null;
  modifiedAt: Date | null;
  /** The server's entity tag, quotes and weak marker kept as sent; null when it gave none. */
  etag: string | null;
  contentType: string | null;
  /** Who last changed (or owns) it, when the server says (owner, creator or last-modified-by properties). */
  changedBy: string | null;
}

/** Why a folder operation failed, in terms the domain turns into its own coded errors. */
export type DocumentStoreFailure = 'auth' | 'unreachable' | 'not-found' | 'conflict' | 'too-large' | 'refused';

/** What a connector throws: a failure kind and the server's status, never the credentials or the URL's secrets. */
export class DocumentStoreError extends Error {
  constructor(
    readonly failure: DocumentStoreFailure,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DocumentStoreError';
  }
}

export interface DocumentFolder {
  /** Every file and folder below the root (depth infinity, or a walk where the server refuses it), at most `limit` entries. */
  list(options?: { limit?: number }): Promise<DocumentEntry[]>;
  /** One entry, or null when nothing is there. */
  stat(path: string): Promise<DocumentEntry | null>;
  /** A file's bytes as a stream, with its entry; `not-found` when it is not a file. */
  read(path: string): Promise<{ entry: DocumentEntry; stream: Readable }>;
  /** Writes a file; without `overwrite` an existing one is a `conflict` and is left alone. */
  write(path: string, source: Readable, options: { size: number; overwrite: boolean }): Promise<void>;
  /** Whether the folder answers with these credentials; reports instead of throwing. */
  checkConnection(): Promise<{ ok: boolean; failure: DocumentStoreFailure | null; detail: string }>;
}

export interface DocumentStore {
  /** Stable id of the connector, for logs and health output. */
  readonly id: string;
  /** A folder handle for one link; throws `refused` for an access it cannot use (a bad URL). */
  open(access: DocumentFolderAccess): DocumentFolder;
}
