import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** What the citizen's pages download: the budget issue 18 sets for a phone. */
export const PUBLIC_BUDGET_BYTES = 120_000;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface ChunkSize {
  key: string;
  file: string;
  bytes: number;
  gzip: number;
}

export interface PublicBundle {
  /** The entry and the citizen pages with everything they import: what the first page downloads. */
  first: ChunkSize[];
  /** Chunks the citizen pages load later (the join page and its video room), not in `first`. */
  later: ChunkSize[];
}

/**
 * Reads the client build's manifest (`<build>/web/.vite/manifest.json`) and sizes the JavaScript of
 * the public consultation pages, gzip level 9 per file, as a server or CDN would send it.
 */
export function publicBundle(webDir: string): PublicBundle {
  const manifest = JSON.parse(readFileSync(path.join(webDir, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('the manifest has no entry');
  const citizen = 'src/features/citizen/standalone.tsx';
  if (!manifest[citizen]) throw new Error(`the manifest has no ${citizen}`);
  const closure = (roots: string[], skip: Set<string> = new Set()): Set<string> => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key) || skip.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    roots.forEach(visit);
    return seen;
  };
  const first = closure([entry, citizen]);
  // What the citizen's own modules import lazily (and those, in turn, lazily), beyond the first load.
  const lazyRoots = new Set<string>();
  const walk = (keys: Iterable<string>) => {
    for (const key of keys) {
      for (const lazy of manifest[key]?.dynamicImports ?? []) {
        if (lazyRoots.has(lazy) || first.has(lazy)) continue;
        lazyRoots.add(lazy);
        walk(closure([lazy], first));
      }
    }
  };
  walk([...first].filter((key) => key.startsWith('src/features/citizen/')));
  const later = closure([...lazyRoots], first);
  const size = (key: string): ChunkSize => {
    const file = manifest[key]?.file ?? '';
    const content = readFileSync(path.join(webDir, file));
    return { key, file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
  };
  return { first: [...first].map(size), later: [...later].map(size) };
}

const total = (chunks: ChunkSize[]) => chunks.reduce((sum, c) => sum + c.gzip, 0);

function main(): void {
  const webDir = path.resolve(process.argv[2] ?? path.join(process.env.IEUM_BUILD_DIR ?? 'dist', 'web'));
  const bundle = publicBundle(webDir);
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;
  const lines = ['The citizen pages’ JavaScript (gzip -9), from ' + path.relative(process.cwd(), webDir), ''];
  for (const [title, chunks] of [
    ['first page', bundle.first],
    ['loaded later (join page, video room)', bundle.later],
  ] as const) {
    lines.push(`${title}:`);
    for (const c of [...chunks].sort((a, b) => b.gzip - a.gzip))
      lines.push(`  ${c.file.padEnd(44)} ${kb(c.bytes).padStart(10)} raw ${kb(c.gzip).padStart(9)} gzip   (${c.key})`);
  }
  const first = total(bundle.first);
  const all = first + total(bundle.later);
  lines.push(
    '',
    `first page ${kb(first)}, with the join page ${kb(all)}; budget ${kb(PUBLIC_BUDGET_BYTES)} (ratio ${(all / PUBLIC_BUDGET_BYTES).toFixed(2)})`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (all > PUBLIC_BUDGET_BYTES) process.exitCode = 1;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) main();
