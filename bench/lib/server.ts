import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { createAccount, type NewAccountCredentials } from '../../src/services/accounts/create-account.ts';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { StoreKind } from '../../src/store/store.ts';
import { onCleanup } from './cleanup.ts';
import { freshDatabase } from './database.ts';
import { alongsideParts, DIALECTS } from '../../src/dialects.ts';

export const PUBLIC_URL = 'https://track.example.com';

export interface BenchServer {
  kind: StoreKind;
  app: FastifyInstance;
  deps: Deps;
  /** http://127.0.0.1:<port> */
  url: string;
  account: NewAccountCredentials;
  /** The `Authorization` header value for `account`. */
  authorization: string;
  /** JSON request with the account's credentials; throws on a non-2xx answer. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T; bytes: number }>;
  /** Closes the server, the store, and removes the database or data dir. */
  close(): Promise<void>;
}

export interface BenchServerOptions {
  /** Routes only the benchmark has (baselines); added before `listen`, which is when Fastify gets ready. */
  extraRoutes?: (app: FastifyInstance, deps: Deps, account: NewAccountCredentials) => void;
  poolSize?: number;
}

/** Serves the full API on a fresh, empty store of `kind`: a new database, or a temp data dir. */
export async function startBenchServer(kind: StoreKind, opts: BenchServerOptions = {}): Promise<BenchServer> {
  const teardown: (() => Promise<void>)[] = [];
  const release = onCleanup(async () => {
    for (const step of teardown.splice(0).reverse()) await step();
  });
  try {
    let storeConfig: { databaseUrl?: string; dataDir: string };
    if (kind === 'postgres') {
      const db = await freshDatabase();
      teardown.push(db.drop);
      storeConfig = { databaseUrl: db.url, dataDir: '' };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'dropline-bench-'));
      teardown.push(async () => rmSync(dir, { recursive: true, force: true }));
      storeConfig = { dataDir: dir };
    }
    const { store } = await openStore({ ...storeConfig, poolSize: opts.poolSize, alongside: alongsideParts(DIALECTS) });
    teardown.push(() => store.close());
    const deps = createDeps(store, { dialects: DIALECTS });
    teardown.push(() => deps.live.close());
    teardown.push(() => deps.plans.close());
    const account = await createAccount(deps, 'bench');

    const app = await buildServer(deps, { publicUrl: PUBLIC_URL, logLevel: 'warn' });
    teardown.push(() => app.close());
    opts.extraRoutes?.(app, deps, account);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('server has no TCP address');
    const url = `http://127.0.0.1:${address.port}`;
    const authorization = `Basic ${Buffer.from(`${account.account_id}:${account.secret_key}`).toString('base64')}`;

    return {
      kind,
      app,
      deps,
      url,
      account,
      authorization,
      async request<T>(method: string, path: string, body?: unknown) {
        const res = await fetch(url + path, {
          method,
          headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 500)}`);
        return { status: res.status, json: JSON.parse(text) as T, bytes: Buffer.byteLength(text) };
      },
      close: release,
    };
  } catch (e) {
    await release();
    throw e;
  }
}
