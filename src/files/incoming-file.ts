import type { Request } from 'express';
import type { Readable } from 'node:stream';

/** An upload on its way in, whichever way it was sent. */
export interface IncomingFile {
  /** ?name=…, or else the multipart part's filename. */
  name: unknown;
  stream: Readable;
  /** What the client says the request holds, to refuse a body over the limit before reading it. */
  declaredBytes?: number;
  /** Settles once the rest of the request is read: rejected when it held something refused (a second file). */
  finished: Promise<void>;
  /** Stops reading this upload; what is left of the request is drained unread. */
  discard(): void;
}

/** The request body is the file (any Content-Type but multipart/form-data), named by ?name=. */
export function rawFile(request: Request, name: unknown, declaredBytes: number | undefined): IncomingFile {
  return { name, stream: request, declaredBytes, finished: Promise.resolve(), discard: () => request.resume() };
}
