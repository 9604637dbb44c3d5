import type { Deps } from '../deps.ts';
import type { UberStatus } from './delivery-status.ts';
import { type DeliveryView, readDeliveryView } from './delivery-view.ts';
import { deliveryNotFound, inCallersWorld } from './find-delivery.ts';
import type { UberCaller } from './uber-auth.ts';

export async function getDelivery(deps: Deps, caller: UberCaller, deliveryId: string): Promise<DeliveryView> {
  const view = await readDeliveryView(deps.store.repos, caller.accountId, deliveryId, deps.clock.now());
  // Live and test credentials see separate worlds (find-delivery.ts).
  if (!view || !inCallersWorld(view.delivery, caller)) throw deliveryNotFound(deliveryId);
  return view;
}

const reread = async (deps: Deps, d: { accountId: string; deliveryId: string }, now: Date) => {
  const v = await readDeliveryView(deps.store.repos, d.accountId, d.deliveryId, now);
  if (!v) throw new Error(`delivery ${d.deliveryId} vanished`);
  return v;
};

/** The list `filter`: a status, or `ongoing` for every delivery not yet finished (docs/uber-direct.md). */
export type DeliveryFilter = UberStatus | 'ongoing';

const matches = (filter: DeliveryFilter | null, s: UberStatus) =>
  filter === null || (filter === 'ongoing' ? s !== 'delivered' && s !== 'canceled' && s !== 'returned' : s === filter);

const CHUNK = 200;

/**
 * Newest first. Statuses are derived from the stops, so a filtered page reads deliveries in
 * chunks and keeps the matching ones; `offset` counts matching deliveries. `hasMore` is whether
 * a further page has anything.
 */
export async function listDeliveries(
  deps: Deps,
  caller: UberCaller,
  q: { filter: DeliveryFilter | null; offset: number; limit: number },
): Promise<{ deliveries: DeliveryView[]; hasMore: boolean }> {
  const repos = deps.store.repos;
  const now = deps.clock.now();
  if (q.filter === null) {
    const rows = await repos.uber.listDeliveries(caller.accountId, caller.customerId, caller.liveMode, { offset: q.offset, limit: q.limit + 1 });
    const views = await Promise.all(rows.slice(0, q.limit).map((d) => reread(deps, d, now)));
    return { deliveries: views, hasMore: rows.length > q.limit };
  }
  const out: DeliveryView[] = [];
  let skipped = 0;
  for (let at = 0; ; at += CHUNK) {
    const rows = await repos.uber.listDeliveries(caller.accountId, caller.customerId, caller.liveMode, { offset: at, limit: CHUNK });
    for (const d of rows) {
      const v = await reread(deps, d, now);
      if (!matches(q.filter, v.status)) continue;
      if (skipped < q.offset) skipped++;
      else if (out.length < q.limit) out.push(v);
      else return { deliveries: out, hasMore: true };
    }
    if (rows.length < CHUNK) return { deliveries: out, hasMore: false };
  }
}
