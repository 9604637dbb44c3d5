import { describe, expect, it } from 'vitest';
import { assignOrder, createOrder, dispatchOrder, startOrder } from '../../src/core/order/lifecycle.ts';
import type { Order } from '../../src/core/order/types.ts';
import { noRegions } from '../../src/core/region.ts';
import { GreatCircleProvider } from '../../src/core/tracking/eta.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../src/core/tracking/risk-thresholds.ts';
import { planUnit } from '../../src/services/tracking/plan-unit.ts';
import { type GroupContext, prepare } from '../../src/services/tracking/prepare-unit.ts';
import { fixAt } from '../helpers/fixes.ts';
import { newOrderDraft } from '../helpers/new-order.ts';

/** The pure step both ingest paths share, on its own: no store, the same answer for the same input. */
const T0 = new Date('2030-06-01T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const DEST: [number, number] = [2.35, 48.85];

const ctx = (crossing = false): GroupContext => ({
  now: at(60),
  since: at(-600),
  thresholdsOf: () => DEFAULT_RISK_THRESHOLDS,
  locationsWanted: () => false,
  eta: new GreatCircleProvider(),
  regions: noRegions,
  crossesGeofence: (events) => crossing && events.some((e) => e.type === 'order_geofence_entered'),
});

function orderOn(device: string, state: 'dispatched' | 'ongoing'): Order {
  const created = createOrder(
    newOrderDraft('o-1'),
    { id: '00000000-0000-4000-8000-000000000001', accountId: 'acc', shareCode: 's1', fulfillmentAttempt: 0 },
    T0,
  );
  const assigned = assignOrder(created.order, { workerHandle: 'w', deviceId: device }, { routeHandle: 'r', planId: 'p' }, T0).order;
  const dispatched = dispatchOrder(assigned, T0).order;
  return state === 'ongoing' ? startOrder(dispatched, T0).order : dispatched;
}

function unitOf(fixes: ReturnType<typeof fixAt>[]) {
  const p = prepare({ accountId: 'acc', deviceId: 'D', fixes }, null, 0, at(60));
  p.fresh = p.accepted;
  return p;
}

describe('planUnit', () => {
  it('an ongoing order whose fix only moves its tracking gets the batched write, its webhooks and live event', () => {
    const p = unitOf([fixAt(at(30), 2.3, 48.85)]);
    const plan = planUnit(p, [{ order: orderOn('D', 'ongoing'), version: 'v1' }], p.fresh, ctx());
    expect(plan.moved).toMatchObject({ type: 'location', device_id: 'D' });
    const [o] = plan.orders;
    expect(o?.kind).toBe('tracking');
    if (o?.kind !== 'tracking') return;
    expect(o.write.order.tracking.fixCount).toBe(1);
    expect(o.write.order.updatedAt).toEqual(at(60));
    expect(o.outbox.map((e) => e.type)).toEqual(['order_first_eta']);
    expect(o.live).toMatchObject({ type: 'order', order_id: o.tracked.order.id });
    expect(o.crossed).toBe(false);
  });

  it('a dispatched order starts with the fix: the generic save, with the start before the tracking events', () => {
    const p = unitOf([fixAt(at(30), 2.3, 48.85)]);
    const [o] = planUnit(p, [{ order: orderOn('D', 'dispatched'), version: 'v1' }], p.fresh, ctx()).orders;
    expect(o?.kind).toBe('save');
    if (o?.kind !== 'save') return;
    expect(o.change.order.status).toBe('ongoing');
    expect(o.change.events[0]?.type).toBe('order_started');
  });

  it('fixes older than the dispatch leave the order untouched', () => {
    const p = unitOf([fixAt(at(-30), 2.3, 48.85)]);
    const [o] = planUnit(p, [{ order: orderOn('D', 'ongoing'), version: 'v1' }], p.fresh, ctx()).orders;
    expect(o).toEqual({ kind: 'untouched', tracked: expect.anything() });
  });

  it('names a crossing a dialect reacts to, so the one-statement path leaves it to the locked one', () => {
    const p = unitOf([fixAt(at(30), DEST[0], DEST[1])]);
    const tracked = [{ order: orderOn('D', 'ongoing'), version: 'v1' }];
    expect(planUnit(p, tracked, p.fresh, ctx(true)).orders[0]).toMatchObject({ kind: 'tracking', crossed: true });
    expect(planUnit(p, tracked, p.fresh, ctx(false)).orders[0]).toMatchObject({ kind: 'tracking', crossed: false });
  });

  it('is pure: the same unit planned twice gives the same plan', () => {
    const p = unitOf([fixAt(at(20), 2.3, 48.85), fixAt(at(30), 2.31, 48.85)]);
    const tracked = [{ order: orderOn('D', 'ongoing'), version: 'v1' }];
    expect(planUnit(p, tracked, p.fresh, ctx())).toEqual(planUnit(p, tracked, p.fresh, ctx()));
  });
});
