import { afterAll, beforeAll } from 'vitest';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { freshDatabase } from './stores.ts';
import { alongsideParts, DIALECTS } from '../../src/dialects.ts';

/**
 * Two server processes' wiring (each its own pool, LISTEN connection and caches) on one fresh
 * PostgreSQL database, opened before the file's tests and closed after. Read `a` and `b` inside tests.
 */
export function twoProcessesOnOnePostgres(): { a: Deps; b: Deps } {
  const h = { a: undefined as unknown as Deps, b: undefined as unknown as Deps };
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const stores: Store[] = [];
  beforeAll(async () => {
    db = await freshDatabase({ migrated: true });
    for (let i = 0; i < 2; i++) stores.push((await openStore({ databaseUrl: db.url, dataDir: '', alongside: alongsideParts(DIALECTS) })).store);
    h.a = createDeps(stores[0]!, { dialects: DIALECTS });
    h.b = createDeps(stores[1]!, { dialects: DIALECTS });
  });
  afterAll(async () => {
    for (const d of [h.a, h.b]) await d.live.close();
    for (const s of stores) await s.close();
    await db.drop();
  });
  return h;
}
