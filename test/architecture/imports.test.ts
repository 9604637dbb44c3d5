import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Project-relative imports of each source file, as paths under src/. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+'(\.[^']+)'/g)].map((m) => relative(SRC, resolve(dirname(file), m[1]!)));
}

const layer = (p: string) => (p.split('/')[0] === 'api' ? `api/${p.split('/')[1]}` : p.split('/')[0]!);

/** style.md: api/<dialect> → services → store interfaces and core; core imports nothing of ours. */
const RULES: [string, (target: string) => boolean, string][] = [
  ['core', (t) => layer(t) === 'core', 'core imports only core'],
  ['services', (t) => ['core', 'services'].includes(layer(t)) || t.startsWith('store/'), 'services import core, services, store'],
  ['store', (t) => ['core', 'store'].includes(layer(t)), 'store imports core and store'],
];

describe('import direction (style.md)', () => {
  const all = files(SRC).map((f) => ({ file: relative(SRC, f), imports: imports(f) }));

  it.each(RULES)('%s: %s', (from, allowed) => {
    const bad = all.filter((f) => layer(f.file) === from).flatMap((f) => f.imports.filter((t) => !allowed(t)).map((t) => `${f.file} → ${t}`));
    expect(bad).toEqual([]);
  });

  it('no dialect touches the store except through type-only imports of service inputs', () => {
    const bad = all
      .filter((f) => f.file.startsWith('api/'))
      .flatMap((f) => {
        const text = readFileSync(join(SRC, f.file), 'utf8');
        return [...text.matchAll(/import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/g)]
          .filter((m) => relative(SRC, resolve(dirname(join(SRC, f.file)), m[2]!)).startsWith('store/') && !m[1])
          .map((m) => `${f.file} → ${m[2]}`);
      });
    expect(bad).toEqual([]);
  });

  it('dialects do not import each other', () => {
    const bad = all
      // The server's wiring may: server.ts registers the dialects, unrouted.ts answers a path no route took in its dialect.
      .filter((f) => f.file.startsWith('api/') && !f.file.startsWith('api/shared') && !['api/server.ts', 'api/unrouted.ts'].includes(layer(f.file)))
      .flatMap((f) =>
        f.imports
          .filter((t) => t.startsWith('api/') && layer(t) !== layer(f.file) && !t.startsWith('api/shared'))
          .filter(() => layer(f.file) !== 'api/public' && layer(f.file) !== 'api/admin')
          .map((t) => `${f.file} → ${t}`),
      );
    expect(bad).toEqual([]);
  });

  it('core has no clock, randomness or I/O of its own', () => {
    const bad = all
      .filter((f) => layer(f.file) === 'core')
      .filter((f) => /new Date\(\)|Date\.now\(|Math\.random\(|from 'node:|randomUUID/.test(readFileSync(join(SRC, f.file), 'utf8')))
      .map((f) => f.file);
    expect(bad).toEqual([]);
  });
});
