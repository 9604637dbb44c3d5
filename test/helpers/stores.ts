import { rmSync } from 'node:fs';
import pg from 'pg';
import { openStore } from '../../src/store/open-store.ts';
import type { Store, StoreKind } from '../../src/store/store.ts';
import { PG_TEMPLATE_DB, postgresTemplateExists, seededDataDir } from './store-templates.ts';
import { alongsideParts, DIALECTS } from '../../src/dialects.ts';

export const STORE_KINDS: StoreKind[] = ['pglite', 'postgres'];

/** The PostgreSQL every session and CI run has (trust auth); override with TEST_PG_URL. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let counter = 0;

/**
 * A fresh PostgreSQL database; `drop()` removes it. `migrated`: a clone of the run's migrated
 * template (when the global setup built it) instead of an empty database.
 */
export async function freshDatabase(opts: { migrated?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dropline_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const template = opts.migrated && (await postgresTemplateExists(admin));
    await admin.query(template ? `create database ${name} template ${PG_TEMPLATE_DB}` : `create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestStore {
  store: Store;
  /** Closes the store and removes its data (temp directory or database). */
  dispose(): Promise<void>;
}

/** A migrated, empty store of the given kind, isolated from every other test. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'postgres') {
    const db = await freshDatabase({ migrated: true });
    const { store } = await openStore({ databaseUrl: db.url, dataDir: '', alongside: alongsideParts(DIALECTS) });
    return {
      store,
      dispose: async () => {
        await store.close();
        await db.drop();
      },
    };
  }
  const dir = seededDataDir('dropline-test-');
  const { store } = await openStore({ dataDir: dir, alongside: alongsideParts(DIALECTS) });
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
