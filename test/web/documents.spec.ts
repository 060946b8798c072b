import { v2 as webdav } from 'webdav-server';
import { apiAs, baseURL, DEMO, expect, expectAccessible, personPage, test, unique } from './support/fixtures.ts';

/** A folder on a real WebDAV server (webdav-server) run by the spec itself, on 127.0.0.1 with basic authentication. */
async function folderServer(
  user: string,
  password: string,
): Promise<{
  url: string;
  read: (path: string) => Promise<string | null>;
  write: (path: string, text: string) => Promise<void>;
  stop: () => Promise<void>;
}> {
  const users = new webdav.SimpleUserManager();
  const owner = users.addUser(user, password, false);
  const privileges = new webdav.SimplePathPrivilegeManager();
  privileges.setRights(owner, '/', ['all']);
  const server = new webdav.WebDAVServer({
    port: 0,
    hostname: '127.0.0.1',
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'ieum-web'),
    privilegeManager: privileges,
  });
  const http = await server.startAsync(0);
  const address = http.address();
  if (!address || typeof address !== 'object') throw new Error('webdav-server did not listen');
  const url = `http://127.0.0.1:${address.port}`;
  const auth = { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  const at = (path: string) => `${url}${path.split('/').map(encodeURIComponent).join('/')}`;
  return {
    url,
    read: async (path) => {
      const answer = await fetch(at(path), { headers: auth });
      return answer.ok ? answer.text() : null;
    },
    write: async (path, text) => {
      const answer = await fetch(at(path), { method: 'PUT', headers: auth, body: text });
      expect(answer.ok).toBeTruthy();
    },
    stop: async () => {
      http.closeAllConnections();
      await server.stopAsync().catch(() => undefined);
    },
  };
}

test.describe('a room linked to a document folder', () => {
  test('a file saved from its menu, a name already there offered under another name, a shared document downloaded from its card', async ({
    browser,
    request,
  }) => {
    const password = `pw-${unique()}-${unique()}`;
    const folder = await folderServer('docs', password);
    try {
      await fetch(`${folder.url}/${encodeURIComponent('공유')}`, {
        method: 'MKCOL',
        headers: { authorization: `Basic ${Buffer.from(`docs:${password}`).toString('base64')}` },
      });
      await folder.write('/공유/안내문.txt', '공유 문서 본문');
      const kim = await apiAs(request, DEMO.kim);
      const lee = await apiAs(request, DEMO.lee);
      const room = await kim.post<{ id: string; name: string }>('/rooms', {
        kind: 'collaboration',
        name: `문서 협의 ${unique()}`,
        userIds: [lee.me.id],
      });
      await kim.post(`/rooms/${room.id}/documents/link`, {
        url: folder.url,
        username: 'docs',
        password,
        path: '/공유',
      });

      const name = `회의록-${unique()}.txt`;
      const upload = await request.post(`${baseURL()}/rooms/${room.id}/files?name=${encodeURIComponent(name)}`, {
        headers: { Authorization: `Bearer ${kim.token}`, 'Content-Type': 'application/octet-stream' },
        data: Buffer.from('회의록 내용'),
      });
      expect(upload.ok(), await upload.text()).toBeTruthy();
      const file = (await upload.json()) as { id: string };
      await kim.post(`/rooms/${room.id}/messages`, {
        clientMessageId: `doc-${unique()}`,
        body: '회의록 올립니다',
        fileIds: [file.id],
      });

      const { page } = await personPage(browser, DEMO.kim);
      await page.goto(`/rooms/${room.id}`);
      const log = page.getByRole('log', { name: '메시지 목록' });
      const save = log.getByRole('button', { name: `${name} 문서함에 저장` });
      await save.click();
      await expect(log.getByText(`문서함에 저장했습니다: /${name}`)).toBeVisible();
      expect(await folder.read(`/공유/${name}`)).toBe('회의록 내용');

      // The same name again: said plainly, with the way out offered.
      await save.click();
      await expect(log.getByText(`문서함에 이미 "${name}" 파일이 있습니다.`, { exact: false })).toBeVisible();
      await expectAccessible(page);
      await log.getByRole('button', { name: '다른 이름으로 저장' }).click();
      const renamed = name.replace('.txt', ' (2).txt');
      await expect(log.getByText(`문서함에 저장했습니다: /${renamed}`)).toBeVisible();
      expect(await folder.read(`/공유/${renamed}`)).toBe('회의록 내용');

      // A shared document's card: its download comes through Ieum with the session.
      await kim.post(`/rooms/${room.id}/messages`, {
        clientMessageId: `doc-${unique()}`,
        body: '/doc share /안내문.txt',
      });
      const card = log.locator('[data-message-id]').filter({ hasText: '📄 안내문.txt' });
      await expect(card).toBeVisible();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        card.getByRole('link', { name: /documents\/file/ }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('안내문.txt');
      const saved = await download.path();
      const { readFile } = await import('node:fs/promises');
      expect(await readFile(saved, 'utf8')).toBe('공유 문서 본문');
      await expectAccessible(page);
    } finally {
      await folder.stop();
    }
  });
});
