import { readdirSync } from 'node:fs';
import { runCleanup } from './lib/cleanup.ts';

/**
 * npm run bench:dispatch: every part under bench/dispatch/ in name order, each a module whose
 * default export (or `run`) is an async function that prints its own figures.
 */
const dir = new URL('./dispatch/', import.meta.url);
const parts = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();
const only = process.env.BENCH_DISPATCH_PARTS?.split(',').map((s) => s.trim());
try {
  for (const file of parts) {
    if (only && !only.includes(file.replace(/\.ts$/, ''))) continue;
    const mod = (await import(new URL(file, dir).href)) as { default?: () => Promise<void>; run?: () => Promise<void> };
    const part = mod.default ?? mod.run;
    if (typeof part !== 'function') throw new Error(`bench/dispatch/${file} exports no default (or run) function`);
    await part();
  }
} finally {
  await runCleanup();
}
