import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { FileException } from './file.exception.js';
import type { IncomingFile } from './incoming-file.js';

/** Room for the part headers and the few small fields a form may send beside the file. */
const MULTIPART_OVERHEAD = 64 * 1024;
const LIMITS = { files: 1, fields: 16, fieldSize: 1024, parts: 17, headerPairs: 16 };

export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/**
 * The one file part of a multipart/form-data request (`curl -F file=@자료.txt`), streamed as it
 * arrives. Its name is the part's filename (filename*=UTF-8''… as RFC 5987 has it, or a raw
 * UTF-8 filename="…" as curl and browsers send it) unless ?name= is given. Text fields are read
 * and ignored; a second file is FILE_ONE_PER_REQUEST, a request without a file or that is not
 * well-formed FILE_MULTIPART_INVALID. Resolves when the file part begins.
 */
export function multipartFile(
  request: Request,
  name: unknown,
  declaredBytes: number | undefined,
): Promise<IncomingFile> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: LIMITS });
    } catch {
      // No boundary, or a Content-Type busboy cannot read.
      request.resume();
      reject(FileException.multipartInvalid());
      return;
    }
    let file: Readable | undefined;
    let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
    const finished = new Promise<void>(
      (resolveFinished, rejectFinished) => (settle = { resolve: resolveFinished, reject: rejectFinished }),
    );
    // Whoever stores the file awaits this; until then a refusal must not count as unhandled.
    finished.catch(() => undefined);
    let failed = false;
    const stop = () => {
      request.unpipe(parser);
      request.resume();
      file?.resume();
    };
    const fail = (error: FileException) => {
      if (failed) return;
      failed = true;
      stop();
      file?.destroy(error);
      if (file) settle?.reject(error);
      else reject(error);
    };

    parser.on('file', (_field, stream, info) => {
      file = stream;
      // Whoever stores the file learns of an error through its own stream.finished; none is left unheard meanwhile.
      stream.on('error', () => undefined);
      resolve({
        name: typeof name === 'string' && name !== '' ? name : info.filename,
        stream,
        declaredBytes: declaredBytes === undefined ? undefined : Math.max(0, declaredBytes - MULTIPART_OVERHEAD),
        finished,
        discard: stop,
      });
    });
    parser.on('field', () => undefined);
    parser.on('filesLimit', () => fail(FileException.onePerRequest()));
    parser.on('fieldsLimit', () => fail(FileException.multipartInvalid()));
    parser.on('partsLimit', () => fail(FileException.multipartInvalid()));
    parser.on('error', () => fail(FileException.multipartInvalid()));
    parser.on('close', () => {
      if (!file) fail(FileException.multipartInvalid());
      else if (!failed) settle?.resolve();
    });
    request.on('aborted', () => fail(FileException.multipartInvalid()));
    request.pipe(parser);
  });
}
