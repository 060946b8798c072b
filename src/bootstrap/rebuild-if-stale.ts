// `npm run admin` runs this first (with Node's own TypeScript type stripping): it rebuilds the
// server only when a source is newer than the build, so a call beside a running server starts at once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'bots', 'connectors', 'migrations', 'bench', 'test/utils', 'package.json', '.swcrc'];
const BUILT = 'dist/src/cli.js';

function newest(entry: string): number {
  const info = statSync(entry, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const file of readdirSync(entry, { recursive: true, withFileTypes: true })) {
    if (file.isFile()) latest = Math.max(latest, statSync(path.join(file.parentPath, file.name)).mtimeMs);
  }
  return latest;
}

const built = statSync(BUILT, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (SOURCES.some((entry) => newest(entry) > built)) {
  process.stderr.write('the sources changed since the last build: building the server first (npm run build:server)\n');
  const build = spawnSync('npm', ['run', 'build:server', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
