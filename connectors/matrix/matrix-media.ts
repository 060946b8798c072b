import { Readable } from 'node:stream';
import {
  MatrixRequestError,
  parseMxc,
  type MatrixMediaDownload,
  type MatrixMediaUpload,
} from '../../src/bus/capabilities/matrix-homeserver.js';

/**
 * The media repository, spoken to with fetch rather than matrix-js-sdk (whose upload helper is
 * for a browser's own user and buffers): uploads stream as the puppet (`user_id` assertion),
 * downloads go through the authenticated media API (spec v1.11+) as the bridge's user.
 */
export class MatrixMediaClient {
  constructor(
    private readonly homeserverUrl: string,
    private readonly asToken: () => string,
    private readonly timeoutMs: number,
  ) {}

  async upload(userId: string, media: MatrixMediaUpload): Promise<string> {
    const url = new URL(`${this.homeserverUrl}/_matrix/media/v3/upload`);
    url.searchParams.set('filename', media.name);
    url.searchParams.set('user_id', userId);
    const response = await this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': media.contentType, 'content-length': String(media.size) },
      body: Readable.toWeb(media.stream) as ReadableStream<Uint8Array>,
      duplex: 'half',
    });
    const answer = (await response.json().catch(() => ({}))) as { content_uri?: unknown };
    if (typeof answer.content_uri !== 'string' || !parseMxc(answer.content_uri))
      throw new MatrixRequestError('unavailable', 'the upload was answered without a content_uri');
    return answer.content_uri;
  }

  async download(mxcUri: string, maxBytes: number): Promise<MatrixMediaDownload> {
    const mxc = parseMxc(mxcUri);
    if (!mxc) throw new MatrixRequestError('refused', `not an mxc:// URI: ${mxcUri.slice(0, 100)}`, 'M_INVALID_PARAM');
    const url = new URL(
      `${this.homeserverUrl}/_matrix/client/v1/media/download/${encodeURIComponent(mxc.serverName)}/${encodeURIComponent(mxc.mediaId)}`,
    );
    const response = await this.fetch(url, { method: 'GET' });
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      throw new MatrixRequestError(
        'refused',
        `the media is ${declared} bytes, over the limit of ${maxBytes}`,
        'M_TOO_LARGE',
      );
    }
    if (!response.body) throw new MatrixRequestError('unavailable', 'the download was answered without a body');
    return {
      stream: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>),
      contentType: response.headers.get('content-type'),
      size: Number.isFinite(declared) ? declared : null,
    };
  }

  /** A request with the as_token; a non-2xx answer becomes a MatrixRequestError sorted like the SDK's. */
  private async fetch(url: URL, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.asToken()}` },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new MatrixRequestError(
        'unavailable',
        `no answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (response.ok) return response;
    const body = (await response.json().catch(() => ({}))) as {
      errcode?: unknown;
      error?: unknown;
      retry_after_ms?: unknown;
    };
    const errcode = typeof body.errcode === 'string' ? body.errcode : null;
    const text =
      `${response.status} ${errcode ?? ''}: ${typeof body.error === 'string' ? body.error : response.statusText}`.trim();
    if (response.status === 429 || errcode === 'M_LIMIT_EXCEEDED') {
      const header = Number(response.headers.get('retry-after') ?? Number.NaN);
      const retryAfterMs =
        typeof body.retry_after_ms === 'number' ? body.retry_after_ms : Number.isFinite(header) ? header * 1000 : null;
      throw new MatrixRequestError('rate-limited', text, errcode ?? 'M_LIMIT_EXCEEDED', retryAfterMs);
    }
    throw new MatrixRequestError(response.status >= 500 ? 'unavailable' : 'refused', text, errcode);
  }
}
