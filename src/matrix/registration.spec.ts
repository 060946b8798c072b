import { describe, expect, it } from '@jest/globals';
import { registrationYaml } from './registration.js';

describe('registrationYaml', () => {
  it('writes the fields the spec names, with exclusive namespaces escaped as regexes', () => {
    const yaml = registrationYaml({
      id: 'ieum',
      url: 'https://ieum.go.kr',
      asToken: 'a'.repeat(40),
      hsToken: 'h"x'.padEnd(40, 'h'),
      serverName: 'matrix.go.kr',
      userPrefix: 'ieum_',
    });
    expect(yaml).toContain('id: "ieum"\n');
    expect(yaml).toContain('url: "https://ieum.go.kr"\n');
    expect(yaml).toContain(`as_token: "${'a'.repeat(40)}"\n`);
    expect(yaml).toContain('hs_token: "h\\"x');
    expect(yaml).toContain('sender_localpart: "ieum_bridge"\n');
    expect(yaml).toContain('regex: "@ieum_.*:matrix\\\\.go\\\\.kr"');
    expect(yaml).toContain('regex: "#ieum_.*:matrix\\\\.go\\\\.kr"');
    expect(yaml.match(/exclusive: true/g)).toHaveLength(2);
  });
});
