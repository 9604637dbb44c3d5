import { describe, expect, it } from 'vitest';
import { point } from '../../src/core/geo.ts';
import { assignOrder, createOrder, startOrder } from '../../src/core/order/lifecycle.ts';
import { outboxEventsOf } from '../../src/services/webhooks/outbox.ts';
import { newOrderDraft } from '../helpers/new-order.ts';

const AT = new Date('2023-10-26T01:00:00.000Z');
const ROUTE = { routeHandle: 'route-1', planId: 'plan-1' };
const WORKER = { workerHandle: 'James', deviceId: 'DEVICE-1' };
const created = () =>
  createOrder(
    newOrderDraft('order-1', {
      destination: { geometry: point(-121.88, 37.39), address: '1 Main St', radius: 50 },
      expectedServiceTime: 120,
      metadata: {},
      trackMode: 'on_time',
    }),
    { id: 'id-1', accountId: 'acct-1', shareCode: 'share-1', fulfillmentAttempt: 0 },
    AT,
  );

describe('outbox rows of a change with several transitions', () => {
  it("a track change's outbox rows carry the status at each event: assigned, then ongoing", () => {
    const unplanned = created().order;
    const assigned = assignOrder(unplanned, WORKER, ROUTE, AT);
    const started = startOrder(assigned.order, AT);
    const rows = outboxEventsOf({ order: started.order, events: [...assigned.events, ...started.events] });
    expect(rows.map((r) => [r.type, 'status' in r.subject ? r.subject.status : null])).toEqual([
      ['order_assigned', 'assigned'],
      ['order_started', 'ongoing'],
    ]);
  });

  it("a created and assigned order (create with a worker) carries each step's status", () => {
    const c = created();
    const rows = outboxEventsOf({
      order: assignOrder(c.order, WORKER, ROUTE, AT).order,
      events: [...c.events, ...assignOrder(c.order, WORKER, ROUTE, AT).events],
    });
    expect(rows.map((r) => [r.type, 'status' in r.subject ? r.subject.status : null])).toEqual([
      ['order_created', 'unplanned'],
      ['order_assigned', 'assigned'],
    ]);
  });
});
