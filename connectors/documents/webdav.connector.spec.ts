import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { classify, WebDavConnector, WebDavCredentials } from './webdav.connector.js';

const access = {
  url: 'https://dav.example.go.kr/remote.php/dav/files/kim/',
  username: 'kim',
  password: 'hunter2-secret',
  root: '/공유',
};

describe('WebDavCredentials', () => {
  it('never prints the password', () => {
    const credentials = new WebDavCredentials(access);
    expect(JSON.stringify(credentials)).not.toContain('hunter2');
    expect(inspect(credentials)).not.toContain('hunter2');
    expect(`${String(credentials.url)} ${credentials.username}`).not.toContain('hunter2');
  });

  it.each([
    ['ftp://dav.example.go.kr/', 'http or https'],
    ['https://kim:pw@dav.example.go.kr/', 'user or password'],
    ['https://dav.example.go.kr/?token=1', 'query'],
    ['not a url', 'not a URL'],
  ])('refuses %s', (url, reason) => {
    expect(() => new WebDavConnector().open({ ...access, url })).toThrow(reason);
  });
});

describe('classify', () => {
  it.each([
    [401, 'auth'],
    [403, 'refused'],
    [404, 'not-found'],
    [412, 'conflict'],
    [507, 'too-large'],
    [503, 'unreachable'],
  ])('status %d is %s', (status, failure) => {
    expect(classify(Object.assign(new Error('x'), { status })).failure).toBe(failure);
  });

  it('a refused connection or a timeout is unreachable, and says which', () => {
    expect(classify(Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED' }))).toMatchObject({
      failure: 'unreachable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    expect(classify(new DOMException('timed out', 'TimeoutError'))).toMatchObject({
      failure: 'unreachable',
      message: expect.stringContaining('timed out'),
    });
  });
});
