import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FileView } from '../../src/files/file.service.js';
import type { RoomView } from '../../src/messenger/realtime/socket-events.js';
import { withAdmin } from '../setup/services.js';
import { ApiClient } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

type Answer = { status: number; body: FileView & { code?: string; messages?: { ko: string; en: string } } };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A multipart body written by hand, so each part's headers are exactly what a client sends. */
function multipart(parts: Array<{ disposition: string; type?: string; content: Buffer | string }>): {
  boundary: string;
  body: Buffer;
} {
  const boundary = `----ieum${randomBytes(8).toString('hex')}`;
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: ${p.disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      'utf8',
    ),
    Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content, 'utf8'),
    Buffer.from('\r\n'),
  ]);
  return { boundary, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('multipart uploads', () => {
  let app: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let filesDir: string;
  let scratch: string;
  const LIMIT = 64 * 1024;

  beforeAll(async () => {
    filesDir = await mkdtemp(path.join(tmpdir(), 'ieum-multipart-'));
    scratch = await mkdtemp(path.join(tmpdir(), 'ieum-curl-'));
    app = await startTestApp(
      await createTestConfig({
        roles: ['api'],
        env: { FILES_MAX_BYTES: String(LIMIT), FILES_DRIVER: 'folder', FILES_DIR: filesDir },
      }),
    );
    const factory = new Factory(app.app);
    const mois = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(mois, { login: 'kim.mois', displayName: '김행안' });
    kim = await ApiClient.signIn(app.baseUrl, 'kim.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '자료실' })).body;
  });

  afterAll(async () => {
    await app.close();
    await rm(filesDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  const post = async (
    pathAndQuery: string,
    body: FormData | Buffer | string,
    contentType?: string,
  ): Promise<Answer> => {
    const res = await fetch(`${app.baseUrl}${pathAndQuery}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kim.token}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };
  const download = async (id: string) =>
    Buffer.from(
      await (
        await fetch(`${app.baseUrl}/files/${id}/content`, { headers: { authorization: `Bearer ${kim.token}` } })
      ).arrayBuffer(),
    );
  const rowCount = () =>
    withAdmin(app.config.database.url, async (c) =>
      Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM files')).rows[0]?.n),
    );

  it('stores the one file of a form under its Korean name, as browsers send it', async () => {
    const bytes = Buffer.from('2026년 예산 협의 자료\n첨부합니다.\n', 'utf8');
    const form = new FormData();
    form.append('note', '무시되는 항목');
    form.append('file', new Blob([bytes], { type: 'text/html' }), '예산 자료.txt');
    const up = await post(`/rooms/${room.id}/files`, form);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      roomId: room.id,
      name: '예산 자료.txt',
      size: bytes.length,
      sha256: sha256(bytes),
      contentType: 'text/plain; charset=utf-8',
    });
    expect(sha256(await download(up.body.id))).toBe(sha256(bytes));
  });

  it("reads RFC 5987 names (filename*=UTF-8''…) before the plain one, and ?name= before both", async () => {
    const bytes = randomBytes(3_000);
    const named = multipart([
      {
        disposition: `form-data; name="file"; filename="___.bin"; filename*=UTF-8''${encodeURIComponent('회의록 초안.bin')}`,
        type: 'application/octet-stream',
        content: bytes,
      },
    ]);
    const first = await post(`/rooms/${room.id}/files`, named.body, `multipart/form-data; boundary=${named.boundary}`);
    expect([first.status, first.body.name, first.body.sha256]).toEqual([201, '회의록 초안.bin', sha256(bytes)]);
    const renamed = await post(
      `/files?name=${encodeURIComponent('다른 이름.bin')}`,
      named.body,
      `multipart/form-data; boundary=${named.boundary}`,
    );
    expect([renamed.status, renamed.body.name, renamed.body.roomId]).toEqual([201, '다른 이름.bin', null]);
  });

  it('refuses a file over FILES_MAX_BYTES while it streams, and keeps nothing of it', async () => {
    const before = { rows: await rowCount(), files: (await walk(filesDir)).length };
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(LIMIT + 1, 65)]), '너무 큰 파일.txt');
    const big = await post(`/rooms/${room.id}/files`, form);
    expect([big.status, big.body.code, big.body.messages?.ko]).toEqual([
      413,
      'FILE_TOO_LARGE',
      expect.stringContaining('MB'),
    ]);
    // Announced far over the limit: refused before a byte is read.
    const huge = multipart([
      { disposition: 'form-data; name="file"; filename="huge.bin"', content: Buffer.alloc(4 * LIMIT, 1) },
    ]);
    const early = await post(`/files`, huge.body, `multipart/form-data; boundary=${huge.boundary}`);
    expect([early.status, early.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect({ rows: await rowCount(), files: (await walk(filesDir)).length }).toEqual(before);
  });

  it('refuses two files in one request and keeps neither', async () => {
    const before = { rows: await rowCount(), files: (await walk(filesDir)).length };
    const form = new FormData();
    form.append('file', new Blob(['첫째']), '하나.txt');
    form.append('file', new Blob(['둘째']), '둘.txt');
    const two = await post(`/rooms/${room.id}/files`, form);
    expect([two.status, two.body.code]).toEqual([400, 'FILE_ONE_PER_REQUEST']);
    expect(two.body.messages?.ko).toContain('하나씩');
    expect({ rows: await rowCount(), files: (await walk(filesDir)).length }).toEqual(before);
  });

  it('refuses a form without a file, and a broken one, with FILE_MULTIPART_INVALID', async () => {
    const form = new FormData();
    form.append('title', '파일 없음');
    const none = await post(`/rooms/${room.id}/files`, form);
    expect([none.status, none.body.code]).toEqual([400, 'FILE_MULTIPART_INVALID']);
    const noBoundary = await post(`/rooms/${room.id}/files`, 'x', 'multipart/form-data');
    expect([noBoundary.status, noBoundary.body.code]).toEqual([400, 'FILE_MULTIPART_INVALID']);
    const cut = multipart([{ disposition: 'form-data; name="file"; filename="a.txt"', content: '내용' }]);
    const truncated = await post(
      `/rooms/${room.id}/files`,
      cut.body.subarray(0, cut.body.length - 20),
      `multipart/form-data; boundary=${cut.boundary}`,
    );
    expect([truncated.status, truncated.body.code]).toEqual([400, 'FILE_MULTIPART_INVALID']);
  });

  it('keeps the raw body upload', async () => {
    const bytes = Buffer.from('원본 그대로', 'utf8');
    const raw = await post(
      `/rooms/${room.id}/files?name=${encodeURIComponent('원본.txt')}`,
      bytes,
      'application/octet-stream',
    );
    expect([raw.status, raw.body.name, raw.body.sha256]).toEqual([201, '원본.txt', sha256(bytes)]);
  });

  it("runs the README's curl -F example as written", async () => {
    const curl = await new Promise<boolean>((resolve) => execFile('curl', ['--version'], (error) => resolve(!error)));
    if (!curl) {
      // eslint-disable-next-line no-console
      console.warn('curl is not installed: the README example was not run');
      return;
    }
    const bytes = randomBytes(10_000);
    const file = path.join(scratch, '자료.txt');
    await writeFile(file, bytes);
    const curlIn = (args: string[]) =>
      new Promise<FileView>((resolve, reject) =>
        execFile(
          'curl',
          ['-sS', '-H', `Authorization: Bearer ${kim.token}`, ...args],
          { cwd: scratch },
          (error, stdout) =>
            error ? reject(new Error(`curl: ${error.message}`)) : resolve(JSON.parse(stdout) as FileView),
        ),
      );
    const view = await curlIn(['-F', 'file=@자료.txt', `${app.baseUrl}/rooms/${room.id}/files`]);
    expect([view.name, view.size, view.sha256]).toEqual(['자료.txt', bytes.length, sha256(bytes)]);
    expect(sha256(await download(view.id))).toBe(sha256(bytes));
    // The raw body, as the README also shows it (curl sends it as a form-urlencoded body: its bytes are the file).
    const raw = await curlIn([
      '--data-binary',
      '@자료.txt',
      '--url-query',
      'name=자료.txt',
      `${app.baseUrl}/rooms/${room.id}/files`,
    ]);
    expect([raw.name, raw.size, raw.sha256]).toEqual(['자료.txt', bytes.length, sha256(bytes)]);
  });
});
