import { describe, expect, it } from 'vitest';
import { createOrder } from '../../../src/core/order/lifecycle.ts';
import type { Order } from '../../../src/core/order/types.ts';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { orderPlanInstance, placeableRequests, prepareOrderPlan, readOrderPlan } from '../../../src/core/planning/order-plan.ts';
import { solve } from '../../../src/core/planning/solve.ts';
import { greatCircleMatrix } from '../../../src/core/tracking/eta.ts';
import type { Worker } from '../../../src/core/worker.ts';
import { seededRng } from '../../../src/simulator/prng.ts';
import { newOrderDraft } from '../../helpers/new-order.ts';
import { newWorker } from '../../helpers/new-worker.ts';

const NOW = new Date('2030-01-07T06:00:00.000Z'); // a Monday
const DATE = '2030-01-07';
const MATRIX = { detourFactor: 1.3, speedMps: 8 };
const at = (hour: number) => new Date(Date.parse(`${DATE}T00:00:00.000Z`) + hour * 3_600_000);

/** A worker of group g who lives in central Paris and works Mondays 8:00–18:00. */
const worker = (handle: string, over: Partial<Worker> = {}): Worker =>
  newWorker(handle, NOW, {
    opsGroupHandle: 'g',
    home: { address: null, coordinates: [2.35, 48.85] },
    schedule: [{ dayOfWeek: 'MONDAY', startMinute: 8 * 60, endMinute: 18 * 60, opsGroupHandle: null }],
    ...over,
  });

let n = 0;
function order(extra: Parameters<typeof newOrderDraft>[1] = {}, handle = `o-${++n}`): Order {
  const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  return createOrder(newOrderDraft(handle, { expectedServiceTime: 300, ...extra }), { id, accountId: 'acc', shareCode: `s${n}`, fulfillmentAttempt: 0 }, NOW)
    .order;
}

function planned(orders: Order[], workers: Worker[], iterations = 300) {
  const prepared = prepareOrderPlan(orders, workers, { date: DATE, now: NOW, opsGroupHandle: 'g' });
  const instance = orderPlanInstance(prepared, greatCircleMatrix(prepared.points, MATRIX));
  const { plan } = solve(instance, { seed: 1, maxIterations: iterations });
  return { prepared, instance, plan, outcome: readOrderPlan(prepared, instance, plan) };
}

describe('orders and workers as a plan', () => {
  it('sixty stops with windows on four shifts: all placed, the checker agrees, arrivals keep every window', () => {
    const rng = seededRng(7);
    const orders = Array.from({ length: 60 }, () => {
      const open = 8 + Math.floor(rng() * 8);
      return order({
        destination: { geometry: { type: 'Point', coordinates: [2.35 + (rng() - 0.5) * 0.1, 48.85 + (rng() - 0.5) * 0.06] }, radius: 100 },
        scheduledAfter: at(open),
        scheduledAt: at(open + 2),
      });
    });
    const { outcome, instance } = planned(
      orders,
      ['a', 'b', 'c', 'd'].map((h) => worker(h)),
    );
    expect(outcome.check.feasible, JSON.stringify(outcome.check.violations)).toBe(true);
    expect(checkSolution(instance, outcome.sequences).feasible).toBe(true);
    expect(outcome.unplanned).toEqual([]);
    const stops = outcome.routes.flatMap((r) => r.stops);
    expect(new Set(stops.map((s) => s.order.id))).toEqual(new Set(orders.map((o) => o.id)));
    for (const r of outcome.routes) {
      let previous = r.departure.getTime();
      for (const s of r.stops) {
        const arrive = Date.parse(s.estimate.arriveAt);
        // Service starts inside the window; the leg is driven after the last stop's service.
        expect(Math.max(arrive, s.order.scheduledAfter!.getTime())).toBeLessThanOrEqual(s.order.scheduledAt!.getTime() + 1000);
        expect(Date.parse(s.estimate.startBy)).toBeGreaterThanOrEqual(previous - 1000);
        // The leg is rounded to whole seconds, the instants to milliseconds.
        expect(Math.abs(arrive - Date.parse(s.estimate.startBy) - s.estimate.duration * 1000)).toBeLessThanOrEqual(500);
        previous = Math.max(arrive, s.order.scheduledAfter!.getTime()) + s.order.expectedServiceTime * 1000;
      }
      expect(r.arrival.getTime()).toBeLessThanOrEqual(at(18).getTime() + 1000);
    }
  });

  it('a pick and a drop of one handle ride together, pick first; two drops of one handle are two jobs', () => {
    const pick = order({ type: 'pick' }, 'parcel');
    const drop = order({ type: 'drop', destination: { geometry: { type: 'Point', coordinates: [2.4, 48.87] }, radius: 100 } }, 'parcel');
    const twin = [order({ typeIndex: 0 }, 'twin'), order({ typeIndex: 1 }, 'twin')];
    const { prepared, outcome } = planned([drop, pick, ...twin], [worker('a'), worker('b')]);
    expect(prepared.shipments.map((s) => s.id)).toEqual([`${pick.id}>${drop.id}`]);
    expect(prepared.jobs).toHaveLength(2);
    const route = outcome.routes.find((r) => r.stops.some((s) => s.order.id === pick.id))!;
    const ids = route.stops.map((s) => s.order.id);
    expect(ids.indexOf(pick.id)).toBeLessThan(ids.indexOf(drop.id));
    expect(outcome.check.feasible).toBe(true);
  });

  it('gives each left-out order the first reason that applies', () => {
    const onShift = worker('on', { productTypes: ['food'], profile: { capacity: 1 } });
    const off = worker('off', { productTypes: ['fuel'], schedule: [{ dayOfWeek: 'TUESDAY', startMinute: 480, endMinute: 1080, opsGroupHandle: null }] });
    const away = worker('away', { productTypes: ['ice'], available: false });
    const orders = {
      skill: order({ productType: ['flowers'] }),
      offShift: order({ productType: ['fuel'] }),
      unavailable: order({ productType: ['ice'] }),
      early: order({ productType: ['food'], scheduledAt: at(7) }),
      past: order({ productType: ['food'], scheduledAt: at(5) }),
      first: order({ productType: ['food'], scheduledAt: at(12), priority: 'high' }),
      second: order({ productType: ['food'], scheduledAt: at(12) }),
    };
    const { outcome } = planned(Object.values(orders), [onShift, off, away]);
    const reasons = Object.fromEntries(outcome.unplanned.map((u) => [Object.entries(orders).find(([, o]) => o.id === u.order.id)![0], u.reason]));
    expect(reasons).toEqual({
      skill: 'missing_skill',
      offShift: 'off_shift',
      unavailable: 'worker_unavailable',
      early: 'time_window',
      past: 'time_window',
      second: 'capacity',
    });
    expect(outcome.check.feasible).toBe(true);
    expect(planned([order()], []).outcome.unplanned.map((u) => u.reason)).toEqual(['no_workers']);
  });

  it('leaves out requests whose orders changed while solving, with their shipment partner, and still passes the checker', () => {
    const pick = order({ type: 'pick' }, 'pair');
    const drop = order({ type: 'drop' }, 'pair');
    const lone = order();
    const { prepared, instance, plan } = planned([pick, drop, lone], [worker('a')]);
    const outcome = readOrderPlan(prepared, instance, plan, new Set([`shipment:${pick.id}>${drop.id}`]));
    expect(outcome.routes.flatMap((r) => r.stops.map((s) => s.order.id))).toEqual([lone.id]);
    expect(outcome.unplanned).toEqual([]);
    expect(outcome.check.feasible).toBe(true);
  });

  it('counts as placeable what fits some shift alone, by the checker', () => {
    const orders = [order(), order({ scheduledAt: at(7) }), order({ productType: ['x'] })];
    const prepared = prepareOrderPlan(orders, [worker('a')], { date: DATE, now: NOW, opsGroupHandle: 'g' });
    const instance = orderPlanInstance(prepared, greatCircleMatrix(prepared.points, MATRIX));
    expect(placeableRequests(prepared, instance).map((r) => r.orders[0]!.id)).toEqual([orders[0]!.id]);
  });
});
