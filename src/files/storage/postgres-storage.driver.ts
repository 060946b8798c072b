import type { OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { Readable } from 'node:stream';
import type { StorageDriver } from './storage.driver.js';

const KEY = /^[a-f0-9-]{36}$/;
// libpq's INV_WRITE and INV_READ modes for lo_open.
const INV_WRITE = 0x20000;
const INV_READ = 0x40000;
const CHUNK = 256 * 1024;

/**
 * File bytes as PostgreSQL large objects, so a deployment with only a database needs no shared
 * folder. A write streams into a new large object inside one transaction: it is either all there,
 * with its row in `file_large_objects`, or (rolled back) not at all. A read streams the object in
 * chunks from its own transaction, which closes when the stream ends or is destroyed.
 */
export class PostgresStorageDriver implements StorageDriver, OnApplicationShutdown {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string, connections = 4) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  }

  async write(key: string, source: Readable): Promise<void> {
    checkKey(key);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const oid = (await client.query<{ oid: string }>('SELECT lo_create(0)::bigint AS oid')).rows[0]?.oid ?? '';
      const fd = (await client.query<{ fd: number }>('SELECT lo_open($1::bigint::oid, $2) AS fd', [oid, INV_WRITE]))
        .rows[0]?.fd;
      for await (const chunk of source) await client.query('SELECT lowrite($1, $2)', [fd, chunk as Buffer]);
      await client.query('SELECT lo_close($1)', [fd]);
      await client.query('INSERT INTO file_large_objects (storage_key, object_id) VALUES ($1, $2)', [key, oid]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async read(key: string): Promise<Readable> {
    checkKey(key);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      const row = (
        await client.query<{ object_id: string }>('SELECT object_id FROM file_large_objects WHERE storage_key = $1', [
          key,
        ])
      ).rows[0];
      if (!row) throw Object.assign(new Error(`no stored file ${key}`), { code: 'ENOENT' });
      const fd =
        (await client.query<{ fd: number }>('SELECT lo_open($1::bigint::oid, $2) AS fd', [row.object_id, INV_READ]))
          .rows[0]?.fd ?? -1;
      return new LargeObjectStream(client, fd);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    checkKey(key);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT lo_unlink(object_id::oid) FROM file_large_objects WHERE storage_key = $1', [key]);
      await client.query('DELETE FROM file_large_objects WHERE storage_key = $1', [key]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async checkConnection(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.pool.query('SELECT 1 FROM file_large_objects LIMIT 1');
      return { ok: true, detail: 'PostgreSQL large objects' };
    } catch (error) {
      return {
        ok: false,
        detail: `PostgreSQL large objects unavailable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/** Reads one large object in chunks, as the consumer asks for them; ends its transaction when done. */
class LargeObjectStream extends Readable {
  private transactionOpen = true;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly fd: number,
  ) {
    super({ highWaterMark: CHUNK });
  }

  override _read(): void {
    this.client.query<{ data: Buffer }>('SELECT loread($1, $2) AS data', [this.fd, CHUNK]).then(
      (result) => {
        const data = result.rows[0]?.data ?? Buffer.alloc(0);
        if (data.length > 0) {
          this.push(data);
          return;
        }
        this.finish('COMMIT').then(
          () => this.push(null),
          (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      },
      (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.finish('ROLLBACK').then(
      () => callback(error),
      () => callback(error),
    );
  }

  private async finish(how: 'COMMIT' | 'ROLLBACK'): Promise<void> {
    if (!this.transactionOpen) return;
    this.transactionOpen = false;
    try {
      await this.client.query(how);
    } finally {
      this.client.release();
    }
  }
}

function checkKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${key}`);
}
