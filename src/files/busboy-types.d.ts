// busboy 1.6 (installed with @nestjs/platform-express through multer) ships no types; the part Ieum uses.
declare module 'busboy' {
  import type { IncomingHttpHeaders } from 'node:http';
  import type { Readable, Writable } from 'node:stream';

  interface BusboyConfig {
    headers: IncomingHttpHeaders;
    /** The charset of part header parameters without one (filename="…"); busboy's default is latin1. */
    defParamCharset?: string;
    limits?: {
      fieldSize?: number;
      fields?: number;
      fileSize?: number;
      files?: number;
      parts?: number;
      headerPairs?: number;
    };
  }
  interface FileInfo {
    filename: string | undefined;
    encoding: string;
    mimeType: string;
  }
  interface Busboy extends Writable {
    on(event: 'file', listener: (field: string, stream: Readable, info: FileInfo) => void): this;
    on(event: 'field', listener: (field: string, value: string) => void): this;
    on(event: 'filesLimit' | 'fieldsLimit' | 'partsLimit' | 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
  }
  export default function busboy(config: BusboyConfig): Busboy;
}
