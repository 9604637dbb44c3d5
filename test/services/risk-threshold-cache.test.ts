import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import { updateRiskThresholds } from '../../src/services/tracking/risk-threshold-settings.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { freshDatabase } from '../helpers/stores.ts';

/** Waits for another process's NOTIFY to arrive; fails after `ms`. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('risk thresholds cached in two server processes sharing one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const stores: Store[] = [];
  let a: Deps;
  let b: Deps;
  beforeAll(async () => {
    db = await freshDatabase();
    for (let i = 0; i < 2; i++) stores.push((await openStore({ databaseUrl: db.url, dataDir: '' })).store);
    a = createDeps(stores[0]!);
    b = createDeps(stores[1]!);
  });
  afterAll(async () => {
    for (const d of [a, b]) await d.live.close();
    for (const s of stores) await s.close();
    await db.drop();
  });

  it("an update in one process reaches the other's cache through the live channel", async () => {
    const { account_id } = await createAccount(a, 'thresholds');
    expect((await b.riskThresholds.get(account_id)).is_offline).toEqual({ yellow: 300, red: 900 });
    await updateRiskThresholds(a, account_id, { is_offline: { red: 1800 } });
    // The updating process drops its own entry at once.
    expect((await a.riskThresholds.get(account_id)).is_offline).toEqual({ yellow: 300, red: 1800 });
    const seen = await eventually(
      () => b.riskThresholds.get(account_id),
      (t) => t.is_offline.red === 1800,
    );
    expect(seen.is_offline).toEqual({ yellow: 300, red: 1800 });
  });
});
