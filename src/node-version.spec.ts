import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { REQUIRED_NODE, unsupportedNodeMessage } from './node-version.js';

describe('the Node.js version check', () => {
  it('states the range package.json declares', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      engines: { node: string };
    };
    expect(REQUIRED_NODE.range).toBe(manifest.engines.node);
  });

  it('lets 24.11 and later 24s run, and refuses older and newer majors naming the version and the way out', () => {
    for (const version of ['24.11.0', '24.11.3', '24.21.0'])
      expect(unsupportedNodeMessage('dist/src/main.js', version, '/x/node')).toBeNull();
    for (const version of ['20.20.2', '22.15.0', '24.10.9', '25.0.0']) {
      const message = unsupportedNodeMessage('dist/src/main.js', version, '/usr/bin/node');
      expect(message).toContain(`Node.js ${version} (/usr/bin/node)`);
      expect(message).toContain('>=24.11.0 <25');
      expect(message).toContain('node_modules/.bin/node dist/src/main.js');
      expect(message).toContain('npm start');
    }
  });
});
