import { pendingMigrations } from '../../store/migrate.ts';
import type { Store } from '../../store/store.ts';
import { isStoreUnavailable } from '../store-failure.ts';

export type Readiness = { ready: true; store: string } | { ready: false; store: string; reason: string };

/** Ready = the store answers and every migration this build ships is applied (GET /readyz). */
export async function checkReadiness(store: Store): Promise<Readiness> {
  try {
    const pending = await pendingMigrations(store.db);
    if (pending.length > 0) return { ready: false, store: store.kind, reason: `migrations not applied: ${pending.join(', ')}` };
    return { ready: true, store: store.kind };
  } catch (e) {
    const reason = isStoreUnavailable(e) ? 'store unreachable' : `store check failed: ${(e as Error).message}`;
    return { ready: false, store: store.kind, reason };
  }
}
