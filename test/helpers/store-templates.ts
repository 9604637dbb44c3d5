import { createHash } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadMigrations } from '../../src/store/migrate.ts';
import { openStore } from '../../src/store/open-store.ts';

/**
 * Migrated template stores, built once per test run by the global setup: a PGlite data directory
 * that each test copies, and a PostgreSQL database that each test clones with
 * `CREATE DATABASE … TEMPLATE`. A fresh PGlite store costs an initdb plus every migration
 * (3.5–10 s on 2 cores); a copy opens in about a second.
 *
 * Named by a hash of the migrations and the PGlite version, so worktrees with other migrations
 * never share one, and a later run with the same schema reuses it.
 */
const schemaHash = (): string => {
  const h = createHash('sha256');
  // The pinned engine version: a data directory is tied to the PGlite build that wrote it.
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  h.update(manifest.dependencies['@electric-sql/pglite'] ?? '');
  for (const m of loadMigrations()) h.update(m.name).update('\0').update(m.sql).update('\0');
  return h.digest('hex').slice(0, 16);
};

const HASH = schemaHash();

/**
 * Where test stores keep their files: a tmpfs when the machine has one. PGlite writes and fsyncs
 * its pages through the file system; on disk, copying a 40 MB data directory and removing it
 * again cost more than the tests that use it.
 */
export const scratchRoot = (() => {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
})();

const PGLITE_TEMPLATE = join(scratchRoot, `dropline-template-${HASH}`);

/** The migrated PGlite `pgdata` to copy, or null when the global setup has not built it. */
export const pgliteTemplateDir = (): string | null => {
  const dir = join(PGLITE_TEMPLATE, 'pgdata');
  return existsSync(dir) ? dir : null;
};

/**
 * A new data directory for a `dropline serve` process, holding a copy of the migrated template
 * (when built): the process then starts without an initdb. Tests of a first start on an empty
 * directory use a bare mkdtemp instead.
 */
export const seededDataDir = (prefix: string): string => {
  const dir = mkdtempSync(join(scratchRoot, prefix));
  const template = pgliteTemplateDir();
  if (template) cpSync(template, join(dir, 'pgdata'), { recursive: true });
  return dir;
};

export const PG_TEMPLATE_DB = `dropline_template_${HASH}`;

/** Whether the run's migrated PostgreSQL template exists (the admin client is the caller's). */
export const postgresTemplateExists = async (admin: pg.Client): Promise<boolean> =>
  !!(await admin.query('select 1 from pg_database where datname = $1', [PG_TEMPLATE_DB])).rowCount;

export async function buildPgliteTemplate(): Promise<void> {
  if (pgliteTemplateDir()) return;
  // Built aside and renamed: a concurrent run never copies a half-migrated directory.
  const staged = mkdtempSync(join(scratchRoot, 'dropline-template-staged-'));
  const { store, lock } = await openStore({ dataDir: staged });
  await store.close();
  lock?.release();
  try {
    renameSync(staged, PGLITE_TEMPLATE);
  } catch {
    rmSync(staged, { recursive: true, force: true }); // another run renamed its copy first
  }
}

export async function buildPostgresTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (await postgresTemplateExists(admin)) return;
    const staging = `${PG_TEMPLATE_DB}_${process.pid}`;
    await admin.query(`create database ${staging}`);
    const url = new URL(adminUrl);
    url.pathname = `/${staging}`;
    const { store } = await openStore({ databaseUrl: url.toString(), dataDir: '' });
    await store.close();
    try {
      await admin.query(`alter database ${staging} rename to ${PG_TEMPLATE_DB}`);
    } catch {
      await admin.query(`drop database if exists ${staging} with (force)`);
    }
  } finally {
    await admin.end();
  }
}
