import type { Readable } from 'node:stream';

export const STORAGE_DRIVER = Symbol('STORAGE_DRIVER');

/**
 * Where file bytes live. Bytes stream in and out; nothing holds a whole file in memory.
 * `write` is atomic: a reader never sees half a file, and a failed write leaves nothing behind.
 */
export interface StorageDriver {
  write(key: string, source: Readable): Promise<void>;
  read(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
  /** Reports whether the store is usable, without throwing. */
  checkConnection(): Promise<{ ok: boolean; detail: string }>;
}
