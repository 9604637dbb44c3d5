import { centroidOf } from '../../core/geo.ts';
import { createOrder, type Change } from '../../core/order/lifecycle.ts';
import { DomainError } from '../../core/errors.ts';
import { isUniqueViolation, type Repos } from '../../store/store.ts';
import type { Deps } from '../deps.ts';
import type { OrderDraft } from './order-draft.ts';
import { recordEvents } from './save-change.ts';

const DUPLICATE_DETAIL = 'System already has an incompleted order with this handle. Please complete or cancel it first';

/** Creates attempt 0 of a new order; a second open order with the same handle is duplicate_resource. */
export async function insertNewOrder(
  deps: Deps,
  repos: Repos,
  accountId: string,
  draft: OrderDraft,
  now: Date,
): Promise<Change> {
  const open = await repos.orders.find(accountId, {
    orderHandle: draft.orderHandle,
    type: draft.type,
    typeIndex: draft.typeIndex,
  });
  const [lng, lat] = centroidOf(draft.destination.geometry).coordinates;
  const change = createOrder(
    { ...draft, region: deps.regions.lookup(lng, lat) },
    {
      id: deps.ids.uuid(),
      accountId,
      shareCode: deps.ids.shareCode(),
      // A handle whose earlier attempts are all finished starts a new attempt after the last one.
      fulfillmentAttempt: open ? open.fulfillmentAttempt + 1 : 0,
    },
    now,
  );
  if (open && !open.rescheduledMarkedAt && open.status !== 'completed' && open.status !== 'cancelled') {
    throw duplicate(draft.orderHandle);
  }
  try {
    await repos.orders.insert(change.order);
  } catch (e) {
    // Two concurrent creates: the partial unique index decides, the loser gets the 409.
    if (isUniqueViolation(e)) throw duplicate(draft.orderHandle);
    throw e;
  }
  await recordEvents(repos, change);
  return change;
}

const duplicate = (orderHandle: string) =>
  new DomainError('duplicate_resource', DUPLICATE_DETAIL, { orderHandle, title: 'Duplicate order handle found' });
