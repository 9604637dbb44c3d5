import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import type { Deps } from '../../src/services/deps.ts';
import { updateRiskThresholds } from '../../src/services/tracking/risk-threshold-settings.ts';
import { twoProcessesOnOnePostgres } from '../helpers/two-processes.ts';

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
  const processes = twoProcessesOnOnePostgres();
  let a: Deps;
  let b: Deps;
  beforeAll(() => {
    ({ a, b } = processes);
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
