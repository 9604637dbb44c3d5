import { buildServer } from '../../src/api/server.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { RegionLookup } from '../../src/core/region.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import type { StoreKind } from '../../src/store/store.ts';
import { basicAuth } from './api.ts';
import { freePort } from './process.ts';
import { openTestStore } from './stores.ts';
import { DIALECTS } from '../../src/dialects.ts';

export interface WebServer {
  url: string;
  deps: Deps;
  account: { account_id: string; secret_key: string; authorization: string };
  newAccount(): Promise<{ account_id: string; secret_key: string; authorization: string }>;
  /** A native API call as the first account (or the given authorization). */
  call(method: string, path: string, body?: unknown, authorization?: string): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** The whole server listening on a real port (the browser needs one), on a fresh store of `kind`. */
export async function startWebServer(
  kind: StoreKind,
  opts: { shareExpiryHours?: number; basemapFile?: string; geocoderUrl?: string; regions?: RegionLookup; clock?: Clock } = {},
): Promise<WebServer> {
  const ts = await openTestStore(kind);
  const deps = createDeps(ts.store, {
    dialects: DIALECTS,
    clock: opts.clock,
    geocoderUrl: opts.geocoderUrl ?? null,
    ...(opts.regions ? { regions: opts.regions } : {}),
  });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildServer(deps, {
    publicUrl: url,
    logLevel: 'silent',
    web: { shareExpiryHours: opts.shareExpiryHours, basemapFile: opts.basemapFile ?? null },
  });
  await app.listen({ port, host: '127.0.0.1' });
  const newAccount = async () => {
    const c = await createAccount(deps, 'browser');
    return { ...c, authorization: basicAuth(c.account_id, c.secret_key) };
  };
  const account = await newAccount();
  return {
    url,
    deps,
    account,
    newAccount,
    async call(method, path, body, authorization = account.authorization) {
      const res = await fetch(url + path, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    close: async () => {
      await app.close();
      await deps.live.close();
      await ts.dispose();
    },
  };
}
