import { isCompleted, isTerminal } from '../../core/order/statuses.ts';
import { cancelOrder, type Change, completeOrder } from '../../core/order/lifecycle.ts';
import type { Order, OrderKey } from '../../core/order/types.ts';
import type { UberDelivery } from '../../store/repos/uber.repo.ts';
import type { Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import { newOrderChange } from '../orders/insert-order.ts';
import { decideReassign } from '../orders/reassign-order.ts';
import { saveChange, saveChanges } from '../orders/save-change.ts';
import type { OrderView } from '../views.ts';
import { stopDraft } from './create-delivery.ts';
import { factsOf, loadDeliveryView } from './delivery-view.ts';
import { feeOf, loadPricing } from './pricing.ts';
import { tokenize } from './uber-ids.ts';
import { FAILED, linksOf, undeliverableActionOf } from './undeliverable.ts';

/** Minutes a return leg has beyond its drive to reach the pickup again (as create's dropoff window). */
const RETURN_SLACK_SECONDS = 20 * 60;

const coords = (o: Order) => (o.destination.geometry.type === 'Point' ? o.destination.geometry.coordinates : o.destination.geometry.coordinates[0]![0]!);

/** The request fields of the return leg: the forward delivery's waypoints swapped (its dropoff is where the items are). */
function returnDetails(original: UberDelivery, returnVerification: unknown): Record<string, unknown> {
  const r = original.details;
  const swapped: Record<string, unknown> = {};
  for (const f of ['name', 'address', 'phone_number', 'business_name', 'notes']) {
    if (r[`dropoff_${f}`] !== undefined) swapped[`pickup_${f}`] = r[`dropoff_${f}`];
    if (r[`pickup_${f}`] !== undefined) swapped[`dropoff_${f}`] = r[`pickup_${f}`];
  }
  return {
    ...swapped,
    ...(returnVerification ? { dropoff_verification: returnVerification } : {}),
    manifest_items: r.manifest_items,
    ...(r.manifest_reference !== undefined ? { manifest_reference: r.manifest_reference } : {}),
    ...(r.manifest_total_value !== undefined ? { manifest_total_value: r.manifest_total_value } : {}),
    ...(r.external_store_id !== undefined ? { external_store_id: r.external_store_id } : {}),
    dropline: { ...factsOf(original), originalId: original.deliveryId },
  };
}

/**
 * Writes the return leg of a forward delivery whose dropoff failed (reference §7): a `ret_…`
 * delivery from the failed dropoff back to the pickup, already picked up by the courier who had
 * the items and assigned to them for the way back. Returns its id.
 */
async function writeReturnLeg(deps: Deps, repos: Repos, original: UberDelivery, pick: Order, drop: Order, now: Date): Promise<string> {
  const uuid = deps.ids.uuid();
  const id = tokenize('ret', uuid);
  const facts = factsOf(original);
  const deadline = new Date(now.getTime() + (facts.leg.duration + RETURN_SLACK_SECONDS) * 1000);
  const from = String(original.details.dropoff_address ?? drop.destination.address ?? '');
  const to = String(original.details.pickup_address ?? pick.destination.address ?? '');
  let back = await newOrderChange(deps, repos, original.accountId, stopDraft(id, 'pick', coords(drop), from, { ready: now, deadline: now }), now, {
    assumeFirst: true,
  });
  let home = await newOrderChange(deps, repos, original.accountId, stopDraft(id, 'drop', coords(pick), to, { ready: now, deadline }), now, {
    assumeFirst: true,
  });
  const courier = drop.workerHandle ?? pick.workerHandle;
  const then = (a: Change, b: Change): Change => ({ order: b.order, events: [...a.events, ...b.events] });
  if (courier) {
    back = then(back, await decideReassign(deps, repos, original.accountId, back.order, courier, now));
    home = then(home, await decideReassign(deps, repos, original.accountId, home.order, courier, now));
  }
  // The courier is standing at the failed dropoff with the items: the return's pickup is done.
  back = then(back, completeOrder(back.order, now, { uber_return_of: original.deliveryId }));
  const pricing = await loadPricing(deps, original.accountId, repos);
  const delivery: UberDelivery = {
    deliveryId: id,
    uuid: uuid.replaceAll('-', ''),
    accountId: original.accountId,
    organizationId: original.organizationId,
    orderHandle: id,
    liveMode: original.liveMode,
    quoteId: null,
    externalId: null,
    idempotencyKey: null,
    fee: feeOf(pricing, facts.leg),
    tip: 0,
    currency: original.currency,
    robo: false,
    details: returnDetails(original, original.details.return_verification),
    createdAt: now,
    updatedAt: now,
  };
  await saveChanges(
    repos,
    [back, home].map((change) => ({ change, opts: { isNew: true } })),
    { uberDeliveries: [delivery] },
  );
  return id;
}

/**
 * The courier could not hand the delivery over: the native cancel of an Uber delivery's drop stop
 * after its pickup was made (a merchant can no longer cancel then, reference §7). What follows is
 * the create request's `undeliverable_action` (default `return`): `return` makes the return leg and
 * the delivery `returned`; `leave_at_door` completes the drop as left at the door; `discard` ends
 * the delivery canceled. The cancel's `metadata.undeliverable_reason` is Uber's
 * `undeliverable_reason`. Returns null when the stop is not such a dropoff, for the plain cancel.
 */
export async function failUberDropoff(deps: Deps, accountId: string, key: OrderKey, metadata: Record<string, unknown> | undefined): Promise<OrderView | null> {
  if (key.type !== 'drop' || (key.typeIndex ?? 0) !== 0) return null;
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    const delivery = await repos.uber.findDelivery(accountId, { orderHandle: key.orderHandle }, { forUpdate: true });
    if (!delivery || linksOf(delivery).originalId) return null;
    const view = await loadDeliveryView(repos, delivery, now, { forUpdate: true });
    const { pick, drop } = view;
    if (!isCompleted(pick.status) || isTerminal(drop.status)) return null;
    if (key.fulfillmentAttempt !== undefined && key.fulfillmentAttempt !== drop.fulfillmentAttempt) return null;
    const before = await repos.orders.findWithTimeline(accountId, {
      orderHandle: key.orderHandle,
      type: 'drop',
      typeIndex: 0,
      fulfillmentAttempt: drop.fulfillmentAttempt,
    });
    if (!before) return null;
    const reason = typeof metadata?.undeliverable_reason === 'string' ? metadata.undeliverable_reason : '';
    const action = undeliverableActionOf(delivery);
    let change: Change;
    if (action === 'leave_at_door') {
      change = completeOrder(drop, now, { ...metadata, [FAILED.leftAtDoor]: true, [FAILED.reason]: reason });
    } else if (action === 'discard') {
      change = cancelOrder(drop, now, { ...metadata, [FAILED.discarded]: true, [FAILED.reason]: reason });
    } else {
      // The return stops join the courier's routes before the drop ends, so its route is not finished under them.
      const returnId = await writeReturnLeg(deps, repos, delivery, pick, drop, now);
      await repos.uber.updateDelivery({ ...delivery, details: { ...delivery.details, dropline: { ...factsOf(delivery), returnId } }, updatedAt: now });
      change = cancelOrder(drop, now, { ...metadata, [FAILED.returned]: true, [FAILED.reason]: reason });
    }
    await saveChange(repos, change);
    const timeline = [...before.timeline, ...change.events];
    return { order: change.order, timeline, polyline: before.polyline };
  });
}
