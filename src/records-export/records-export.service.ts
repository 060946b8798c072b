import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create as createTar } from 'tar';
import { localAddress, AccessRecordRepository } from '../audit/access-record.repository.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { STORAGE_DRIVER, type StorageDriver } from '../files/storage/storage.driver.js';
import { DATASETS } from './export-datasets.js';
import { ARCHIVE_FORMAT, type Manifest, type ManifestFile } from './manifest.js';
import { RecordsExportRepository } from './records-export.repository.js';

/** Files up to this size travel inside the archive; larger ones are listed with their SHA-256 only. */
export const INLINE_FILE_LIMIT = 20 * 1024 * 1024;
const BATCH = 500;

export interface ExportRequest {
  agency: { id: string; code: string; name: string };
  /** Days in Korean time, both included. */
  from: string;
  to: string;
  outDir: string;
  inlineLimit?: number;
}

export interface ExportProgress {
  /** Rows to write, counted before writing (only asked for when someone watches). */
  start(total: number): void;
  advance(dataset: string, rows: number): void;
  stop(): void;
}

/**
 * An agency's records leaving Ieum (공공기록물 이관): one gzip tarball of JSON Lines, read from the
 * database in batches and written through a working folder beside the archive, never held in memory.
 */
@Injectable()
export class RecordsExportService {
  constructor(
    private readonly rows: RecordsExportRepository,
    private readonly uow: UnitOfWork,
    private readonly accessRecords: AccessRecordRepository,
    @Inject(STORAGE_DRIVER) private readonly storage: StorageDriver,
  ) {}

  async export(
    request: ExportRequest,
    progress?: ExportProgress,
    now = new Date(),
  ): Promise<{ archive: string; manifest: Manifest }> {
    const start = DateTime.fromISO(request.from, { zone: 'Asia/Seoul' }).startOf('day');
    const end = DateTime.fromISO(request.to, { zone: 'Asia/Seoul' }).startOf('day').plus({ days: 1 });
    const range = [request.agency.id, start.toJSDate(), end.toJSDate()] as const;
    const inlineLimit = request.inlineLimit ?? INLINE_FILE_LIMIT;
    // The export reads everyone's records of the agency: it is recorded before any of it is written.
    await this.uow.run((tx) =>
      this.accessRecords.append(
        tx,
        [
          {
            accountId: null,
            address: localAddress(),
            agencyId: request.agency.id,
            action: 'records.exported',
            subjectType: 'agency',
            subjectId: request.agency.id,
            detail: `${request.from}..${request.to}`,
          },
        ],
        now,
      ),
    );
    await mkdir(request.outDir, { recursive: true });
    const work = await mkdtemp(path.join(request.outDir, '.ieum-export-'));
    try {
      if (progress) {
        let total = 0;
        for (const d of DATASETS) total += await this.rows.count(d, ...range);
        progress.start(total);
      }
      const files: ManifestFile[] = [];
      const contents: ManifestFile[] = [];
      await mkdir(path.join(work, 'data'));
      await mkdir(path.join(work, 'files'));
      for (const dataset of DATASETS) {
        const relative = `data/${dataset.name}.jsonl`;
        const out = new HashingFile(path.join(work, relative));
        let records = 0;
        for await (const rows of this.rows.batches(dataset, ...range, BATCH)) {
          for (const row of rows) {
            if (dataset.name === 'files') contents.push(...(await this.fileContent(work, row, inlineLimit)));
            await out.write(`${JSON.stringify(row)}\n`);
          }
          records += rows.length;
          progress?.advance(dataset.name, rows.length);
        }
        files.push({ path: relative, records, ...(await out.close()) });
      }
      const manifest: Manifest = {
        format: ARCHIVE_FORMAT,
        agency: request.agency,
        from: request.from,
        to: request.to,
        timeZone: 'Asia/Seoul',
        exportedAt: now.toISOString(),
        inlineFileLimitBytes: inlineLimit,
        files: [...files, ...contents],
      };
      await writeFile(path.join(work, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const archive = path.join(
        request.outDir,
        `ieum-records-${request.agency.code}-${request.from}-${request.to}.tar.gz`,
      );
      await createTar({ gzip: true, portable: true, file: archive, cwd: work }, [
        'manifest.json',
        ...manifest.files.map((f) => f.path),
      ]);
      return { archive, manifest };
    } finally {
      progress?.stop();
      await rm(work, { recursive: true, force: true });
    }
  }

  /** Copies a file's bytes into the archive when small enough; the row then names them, else only its checksum does. */
  private async fileContent(work: string, row: Record<string, unknown>, inlineLimit: number): Promise<ManifestFile[]> {
    const key = String(row.storage_key);
    delete row.storage_key;
    if (Number(row.size) > inlineLimit) {
      row.content = null;
      return [];
    }
    const relative = `files/${String(row.id)}`;
    const out = new HashingFile(path.join(work, relative));
    for await (const chunk of await this.storage.read(key)) await out.write(chunk as Buffer);
    const written = await out.close();
    if (written.sha256 !== row.sha256)
      throw new Error(
        `file ${String(row.id)}: its stored bytes do not match its SHA-256 (${written.sha256} ≠ ${String(row.sha256)})`,
      );
    row.content = relative;
    return [{ path: relative, ...written }];
  }
}

/** A file written through a SHA-256 and a byte count. */
class HashingFile {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly stream: WriteStream;

  constructor(file: string) {
    this.stream = createWriteStream(file);
  }

  async write(data: string | Buffer): Promise<void> {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}
