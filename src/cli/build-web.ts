import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WEB_SOURCES = join(ROOT, 'web');
export const WEB_DIST = join(ROOT, 'dist', 'web');
const STAMP = join(WEB_DIST, '.build-stamp');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

/** Fingerprint of what the bundle depends on: the sources' newest mtime and the lock file. */
function fingerprint(): string {
  const lock = statSync(join(ROOT, 'package-lock.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return `${newestMtime(WEB_SOURCES)}:${lock}`;
}

/**
 * Builds web/ into dist/web when the build is missing or older than its sources, so `npm start`
 * needs no separate build step. Vite is imported lazily: a server with a current build never
 * loads it.
 */
export async function ensureWebBuild(opts: { force?: boolean; log?: (line: string) => void } = {}): Promise<{ built: boolean }> {
  const want = fingerprint();
  let have: string | null = null;
  try {
    have = readFileSync(STAMP, 'utf8');
  } catch {
    have = null;
  }
  if (!opts.force && have === want) return { built: false };
  opts.log?.('Building the web pages (web/ → dist/web)…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_SOURCES, 'vite.config.ts'), logLevel: 'warn' });
  precompress(join(WEB_DIST, 'assets'));
  writeFileSync(STAMP, want);
  return { built: true };
}

/** Assets never change once built, so they are gzipped once here and served as .gz files. */
function precompress(dir: string) {
  for (const name of readdirSync(dir)) {
    if (!/\.(js|mjs|css|json|svg)$/.test(name)) continue;
    const p = join(dir, name);
    writeFileSync(`${p}.gz`, gzipSync(readFileSync(p), { level: 9 }));
  }
}
