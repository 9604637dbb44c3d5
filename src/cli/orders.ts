import type { Config } from '../config.ts';
import { isDomainError } from '../core/errors.ts';
import { createDeps } from '../services/deps.ts';
import { lock, unlock } from '../services/orders/lock-order.ts';
import { readLock } from '../store/data-dir-lock.ts';
import { isPostgresUrl, openStore } from '../store/open-store.ts';
import { alongsideParts, DIALECTS } from '../dialects.ts';

export interface LockCommand {
  locked: boolean;
  accountId: string;
  orderHandle: string;
}

/**
 * `dropline orders lock|unlock`: the dispatcher's lock (Bringg reference §10) until the dashboard
 * has a button for it. Like the accounts commands, it goes through a running server that holds
 * the embedded data directory, and opens the store itself otherwise.
 */
export async function runLockCommand(config: Config, cmd: LockCommand): Promise<void> {
  const holder = isPostgresUrl(config.databaseUrl) ? null : readLock(config.dataDir);
  let lockedAt: string | null;
  if (holder?.admin) {
    const { url, token } = holder.admin;
    const res = await fetch(`${url}/_admin/orders/lock`, {
      method: 'POST',
      headers: { 'x-dropline-admin-token': token, 'content-type': 'application/json' },
      body: JSON.stringify({ account_id: cmd.accountId, order_handle: cmd.orderHandle, locked: cmd.locked }),
    });
    if (!res.ok) throw new Error(`the running server (pid ${holder.pid}) refused: ${res.status} ${await res.text()}`);
    lockedAt = ((await res.json()) as { locked_at: string | null }).locked_at;
  } else {
    const { store } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, alongside: alongsideParts(DIALECTS) });
    const deps = createDeps(store, { dialects: DIALECTS });
    try {
      const view = await (cmd.locked ? lock : unlock)(deps, cmd.accountId, { orderHandle: cmd.orderHandle });
      lockedAt = view.order.lockedAt?.toISOString() ?? null;
    } catch (e) {
      if (isDomainError(e)) throw new Error(e.message);
      throw e;
    } finally {
      await store.close();
    }
  }
  process.stdout.write(`${cmd.orderHandle}: ${lockedAt ? `locked since ${lockedAt}` : 'unlocked'}\n`);
}
