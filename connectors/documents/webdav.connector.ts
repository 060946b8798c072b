import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { AuthType, createClient, type FileStat, type ResponseDataDetailed, type WebDAVClient } from 'webdav';
import {
  DocumentStoreError,
  type DocumentEntry,
  type DocumentFolder,
  type DocumentFolderAccess,
  type DocumentStore,
  type DocumentStoreFailure,
} from '../../src/bus/capabilities/document-store.js';

const REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_LIMIT = 10_000;
/** allprop plus the owner and creator properties RFC 3744 and common servers name, which allprop leaves out. */
const PROPFIND_BODY = `<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns">
  <d:allprop/>
  <d:include><d:owner/><d:creator-displayname/><oc:owner-display-name/></d:include>
</d:propfind>`;

/** A link's endpoint, user and password, checked on construction; printing it never shows the password. */
export class WebDavCredentials {
  readonly url: string;
  readonly username: string;
  readonly root: string;
  readonly #password: string;

  constructor(access: DocumentFolderAccess) {
    let parsed: URL;
    try {
      parsed = new URL(access.url);
    } catch {
      throw new DocumentStoreError('refused', 'the WebDAV address is not a URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new DocumentStoreError('refused', 'the WebDAV address must be http or https');
    // Credentials travel in the Authorization header only, never inside an address that might be shown.
    if (parsed.username || parsed.password)
      throw new DocumentStoreError('refused', 'the WebDAV address must not carry a user or password');
    if (parsed.search || parsed.hash)
      throw new DocumentStoreError('refused', 'the WebDAV address must not carry a query or fragment');
    if (access.username.length === 0 || access.password.length === 0)
      throw new DocumentStoreError('refused', 'a user name and password are required');
    this.url = parsed.toString().replace(/\/+$/, '');
    this.username = access.username;
    this.root = access.root === '/' ? '' : access.root.replace(/\/+$/, '');
    this.#password = access.password;
  }

  get password(): string {
    return this.#password;
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, username: this.username, root: this.root || '/', password: '[redacted]' };
  }

  [inspect.custom](): string {
    return `WebDavCredentials ${JSON.stringify(this.toJSON())}`;
  }
}

/** Folders on WebDAV servers (Nextcloud, SharePoint, most document systems), through the `webdav` client. */
export class WebDavConnector implements DocumentStore {
  readonly id = 'webdav';

  constructor(private readonly options: { timeoutMs?: number } = {}) {}

  open(access: DocumentFolderAccess): DocumentFolder {
    return new WebDavFolder(new WebDavCredentials(access), this.options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  }
}

class WebDavFolder implements DocumentFolder {
  private readonly client: WebDAVClient;

  constructor(
    private readonly credentials: WebDavCredentials,
    private readonly timeoutMs: number,
  ) {
    this.client = createClient(credentials.url, {
      authType: AuthType.Auto,
      username: credentials.username,
      password: credentials.password,
    });
  }

  async list(options: { limit?: number } = {}): Promise<DocumentEntry[]> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    try {
      const stats = await this.propfind(this.remote('/'), true);
      return this.entries(stats).slice(0, limit);
    } catch (error) {
      const failure = classify(error);
      // Servers may refuse Depth: infinity (RFC 4918 9.1, propfind-finite-depth): walk one level at a time.
      if (failure.failure !== 'refused') throw failure;
    }
    const found: DocumentEntry[] = [];
    const folders = ['/'];
    while (folders.length > 0 && found.length < limit) {
      const folder = folders.shift() ?? '/';
      const stats = await this.propfind(this.remote(folder), false).catch((error: unknown) => {
        throw classify(error);
      });
      for (const entry of this.entries(stats)) {
        found.push(entry);
        if (entry.kind === 'folder') folders.push(entry.path);
      }
    }
    return found.slice(0, limit);
  }

  async stat(path: string): Promise<DocumentEntry | null> {
    try {
      const result = (await this.client.stat(this.remote(path), {
        details: true,
        signal: AbortSignal.timeout(this.timeoutMs),
        data: PROPFIND_BODY,
      })) as ResponseDataDetailed<FileStat>;
      return this.entry(result.data);
    } catch (error) {
      const failure = classify(error);
      if (failure.failure === 'not-found') return null;
      throw failure;
    }
  }

  async read(path: string): Promise<{ entry: DocumentEntry; stream: Readable }> {
    const entry = await this.stat(path);
    if (!entry || entry.kind !== 'file') throw new DocumentStoreError('not-found', 'no such file in the folder', 404);
    // The timeout covers the wait for the answer, not the transfer of a large file.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.client.customRequest(this.remote(path), { method: 'GET', signal: controller.signal });
      clearTimeout(timer);
      return { entry, stream: toNodeStream((response as { body?: unknown }).body) };
    } catch (error) {
      clearTimeout(timer);
      throw classify(error);
    }
  }

  async write(path: string, source: Readable, options: { size: number; overwrite: boolean }): Promise<void> {
    if (!options.overwrite && (await this.stat(path)))
      throw new DocumentStoreError('conflict', 'a file of that name exists', 412);
    let written: boolean;
    try {
      // If-None-Match: * (set by the client without overwrite) closes the gap between the look above and this write.
      written = await this.client.putFileContents(this.remote(path), source, {
        overwrite: options.overwrite,
        headers: { 'Content-Length': String(options.size) },
      });
    } catch (error) {
      source.destroy();
      throw classify(error);
    }
    if (!written) throw new DocumentStoreError('conflict', 'a file of that name exists', 412);
  }

  async checkConnection(): Promise<{ ok: boolean; failure: DocumentStoreFailure | null; detail: string }> {
    try {
      const root = await this.stat('/');
      if (!root) return { ok: false, failure: 'not-found', detail: 'the folder does not exist on the server' };
      if (root.kind !== 'folder')
        return { ok: false, failure: 'not-found', detail: 'the path is a file, not a folder' };
      return { ok: true, failure: null, detail: 'the folder answered' };
    } catch (error) {
      const failure = classify(error);
      return { ok: false, failure: failure.failure, detail: failure.message };
    }
  }

  private async propfind(remotePath: string, deep: boolean): Promise<FileStat[]> {
    const result = await this.client.getDirectoryContents(remotePath, {
      deep,
      details: true,
      data: PROPFIND_BODY,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return result.data;
  }

  /** The server path of a folder-relative path. */
  private remote(path: string): string {
    return `${this.credentials.root}${path}` || '/';
  }

  private entries(stats: FileStat[]): DocumentEntry[] {
    return stats.map((s) => this.entry(s)).filter((e): e is DocumentEntry => e !== null && e.path !== '/');
  }

  private entry(stat: FileStat): DocumentEntry | null {
    const filename = stat.filename.replace(/\/+$/, '') || '/';
    const root = this.credentials.root;
    if (root && filename !== root && !filename.startsWith(`${root}/`)) return null;
    const path = filename.slice(root.length) || '/';
    const props: Record<string, unknown> = stat.props ?? {};
    const size = Number(props.getcontentlength ?? stat.size);
    const modified = stat.lastmod ? new Date(stat.lastmod) : null;
    return {
      path,
      name: path === '/' ? '/' : (path.split('/').pop() ?? path),
      kind: stat.type === 'directory' ? 'folder' : 'file',
      size: stat.type === 'file' && Number.isFinite(size) ? size : null,
      modifiedAt: modified && !Number.isNaN(modified.getTime()) ? modified : null,
      etag: stat.etag ? String(stat.etag) : null,
      contentType: stat.mime ?? null,
      changedBy:
        personOf(props['owner-display-name']) ??
        personOf(props['creator-displayname']) ??
        personOf(props.lastmodifiedby) ??
        personOf(props.owner),
    };
  }
}

/** An owner property is text, or an element holding an href or a name. */
function personOf(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || null;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return personOf(record.displayname) ?? personOf(record.href) ?? personOf(record.text) ?? null;
  }
  return null;
}

function toNodeStream(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (body && typeof (body as { getReader?: unknown }).getReader === 'function')
    return Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  if (body && typeof (body as { pipe?: unknown }).pipe === 'function')
    return Readable.from(body as AsyncIterable<Buffer>);
  return Readable.from([]);
}

/** The failure an error of the client (an HTTP status) or of the network means. */
export function classify(error: unknown): DocumentStoreError {
  if (error instanceof DocumentStoreError) return error;
  const status =
    typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : null;
  if (status !== null) {
    const failure: DocumentStoreFailure =
      status === 401
        ? 'auth'
        : status === 404 || status === 410
          ? 'not-found'
          : status === 409 || status === 412 || status === 423
            ? 'conflict'
            : status === 413 || status === 507
              ? 'too-large'
              : status >= 500
                ? 'unreachable'
                : 'refused';
    return new DocumentStoreError(failure, `the WebDAV server answered ${status}`, status);
  }
  // fetch failures, refused connections, timeouts: the message names the cause, never the credentials.
  const name = typeof (error as { name?: unknown })?.name === 'string' ? (error as { name: string }).name : '';
  const cause =
    error instanceof Error && error.cause instanceof Error
      ? ` (${(error.cause as { code?: string }).code ?? error.cause.message})`
      : '';
  const code = (error as { code?: unknown })?.code;
  return new DocumentStoreError(
    'unreachable',
    `the WebDAV server did not answer: ${name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : typeof code === 'string' ? code : 'no connection'}${cause}`,
  );
}
