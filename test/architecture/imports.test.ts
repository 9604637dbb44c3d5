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

/**
 * A dialect's own folders (docs/architecture.md "The seam"): `api/<d>/` and `services/<d>/`, each
 * holding the dialect's `dialect.ts`, and its repo files in `store/repos/` (`<d>.repo.ts`,
 * `<d>-*.ts`). `services/dialects/` is the seam's interface, not a dialect.
 */
const dialectDirs = (): string[] =>
  ['api', 'services'].flatMap((top) =>
    readdirSync(join(SRC, top))
      .filter((d) => statSync(join(SRC, top, d)).isDirectory() && !['services/dialects', 'api/shared'].includes(`${top}/${d}`))
      .filter((d) => readdirSync(join(SRC, top, d)).includes('dialect.ts'))
      .map((d) => `${top}/${d}/`),
  );
const DIALECT_NAMES = [...new Set(dialectDirs().map((d) => d.split('/')[1]!))];
const isDialectRepo = (p: string) => DIALECT_NAMES.some((d) => p === `store/repos/${d}.repo.ts` || p.startsWith(`store/repos/${d}-`));
const inDialect = (p: string) => dialectDirs().some((d) => p.startsWith(d)) || isDialectRepo(p);
/** Where the store is assembled: the repos interface and their construction name each dialect's repository. */
const STORE_ASSEMBLY = ['store/store.ts', 'store/open-store.ts'];

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

  it('the dialect folders are found (the rule below is not vacuous)', () => {
    expect(dialectDirs()).toEqual(expect.arrayContaining(['api/bringg/', 'api/uber/', 'api/hypertrack/', 'services/bringg/', 'services/uber/']));
    expect(all.filter((f) => isDialectRepo(f.file)).map((f) => f.file)).toEqual(
      expect.arrayContaining(['store/repos/bringg.repo.ts', 'store/repos/uber-alongside.ts']),
    );
  });

  it('shared layers import no dialect: core, store and shared services reach dialects only through the seam', () => {
    const bad = all
      .filter((f) => ['core', 'store', 'services'].includes(layer(f.file)) && !inDialect(f.file))
      .flatMap((f) =>
        f.imports
          .filter((t) => inDialect(t))
          // The store's assembly builds each dialect's repository; no other shared store file may name one.
          .filter((t) => !(STORE_ASSEMBLY.includes(f.file) && isDialectRepo(t)))
          .map((t) => `${f.file} → ${t}`),
      );
    expect(bad).toEqual([]);
  });

  /**
   * The native API's routes that manage another dialect's account settings (a further Bringg
   * service URL, Uber's pricing): Basic-authenticated native routes with native error bodies, so
   * they cannot live in that dialect's folder without it importing the native one. Known and listed.
   */
  const NATIVE_SETTINGS_ROUTES = ['api/hypertrack/routes/create-bringg-service-url.ts', 'api/hypertrack/routes/uber-pricing.ts'];

  it('a dialect imports no other dialect below the API either', () => {
    const own = (p: string) =>
      DIALECT_NAMES.find((d) => p.startsWith(`api/${d}/`) || p.startsWith(`services/${d}/`) || (isDialectRepo(p) && p.includes(`/${d}`)));
    const bad = all
      .filter((f) => own(f.file) && !NATIVE_SETTINGS_ROUTES.includes(f.file))
      .flatMap((f) => f.imports.filter((t) => own(t) && own(t) !== own(f.file)).map((t) => `${f.file} → ${t}`));
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
