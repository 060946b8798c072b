import { createHash } from 'node:crypto';
import { list as listTar, type ReadEntry } from 'tar';

export const ARCHIVE_FORMAT = 'ieum-records-export/1';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  /** Lines of a JSON Lines file; absent for a file's content. */
  records?: number;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  agency: { id: string; code: string; name: string };
  from: string;
  to: string;
  timeZone: string;
  exportedAt: string;
  inlineFileLimitBytes: number;
  files: ManifestFile[];
}

export type ArchiveVerdict = { ok: true; manifest: Manifest } | { ok: false; problems: string[] };

interface Seen {
  sha256: string;
  bytes: number;
  lines: number;
  /** files.jsonl only: each row's content path and checksum. */
  contents?: Map<string, string>;
}

/**
 * Reads an archive once, as a stream: every entry's SHA-256, size and line count against the
 * manifest, nothing missing and nothing extra, and each file's bytes against the checksum its row
 * in files.jsonl carries. A damaged gzip stream fails the read itself.
 */
export async function verifyArchive(file: string): Promise<ArchiveVerdict> {
  const seen = new Map<string, Seen>();
  let manifestText = '';
  const reading: Array<Promise<void>> = [];
  const onReadEntry = (entry: ReadEntry) => {
    const name = entry.path;
    if (name === 'manifest.json') {
      reading.push(
        new Promise((resolve) => {
          entry.on('data', (chunk: Buffer) => (manifestText += chunk.toString('utf8')));
          entry.on('end', () => resolve());
        }),
      );
      return;
    }
    const hash = createHash('sha256');
    const record: Seen = {
      sha256: '',
      bytes: 0,
      lines: 0,
      contents: name === 'data/files.jsonl' ? new Map() : undefined,
    };
    let partial = '';
    reading.push(
      new Promise((resolve) => {
        entry.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          record.bytes += chunk.length;
          if (!name.endsWith('.jsonl')) return;
          const text = partial + chunk.toString('utf8');
          const lines = text.split('\n');
          partial = lines.pop() ?? '';
          record.lines += lines.length;
          if (record.contents) for (const line of lines) rememberContent(record.contents, line);
        });
        entry.on('end', () => {
          record.sha256 = hash.digest('hex');
          seen.set(name, record);
          resolve();
        });
      }),
    );
  };
  try {
    await listTar({ file, onReadEntry, strict: true });
    await Promise.all(reading);
  } catch (error) {
    return {
      ok: false,
      problems: [`the archive cannot be read: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestText) as Manifest;
  } catch {
    return { ok: false, problems: ['manifest.json is missing or not JSON'] };
  }
  if (manifest.format !== ARCHIVE_FORMAT || !Array.isArray(manifest.files))
    return { ok: false, problems: [`manifest.json is not a ${ARCHIVE_FORMAT} manifest`] };
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const got = seen.get(f.path);
    if (!got) problems.push(`${f.path}: missing`);
    else if (got.sha256 !== f.sha256 || got.bytes !== f.bytes)
      problems.push(
        `${f.path}: SHA-256 ${got.sha256} (${got.bytes} bytes), manifest says ${f.sha256} (${f.bytes} bytes)`,
      );
    else if (f.records !== undefined && got.lines !== f.records)
      problems.push(`${f.path}: ${got.lines} records, manifest says ${f.records}`);
  }
  for (const name of seen.keys())
    if (!listed.has(name)) problems.push(`${name}: in the archive but not in the manifest`);
  for (const [content, sha256] of seen.get('data/files.jsonl')?.contents ?? []) {
    const got = seen.get(content);
    if (!got) problems.push(`${content}: named in files.jsonl but missing`);
    else if (got.sha256 !== sha256) problems.push(`${content}: SHA-256 ${got.sha256}, files.jsonl says ${sha256}`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, manifest };
}

function rememberContent(contents: Map<string, string>, line: string): void {
  try {
    const row = JSON.parse(line) as { content?: string | null; sha256?: string };
    if (row.content && row.sha256) contents.set(row.content, row.sha256);
  } catch {
    contents.set(`(a line of files.jsonl that is not JSON)`, '');
  }
}
