import { describe, expect, it } from 'vitest';
import { type DispatchCandidate, failureReason, fitCandidate, rankFits, type Screened, screenRoute, screenWorker } from '../../src/core/dispatch.ts';
import { createOrder } from '../../src/core/order/lifecycle.ts';
import type { Order } from '../../src/core/order/types.ts';
import { greatCircleMatrix, type LngLat } from '../../src/core/tracking/eta.ts';
import type { Worker } from '../../src/core/worker.ts';
import { newOrderDraft } from '../helpers/new-order.ts';
import { newWorker } from '../helpers/new-worker.ts';

const NOW = new Date('2030-01-01T08:00:00.000Z');
/** 1 m per metre of travel and 1 s per metre: the matrix's figures are the hand calculation's. */
const UNIT = { detourFactor: 1, speedMps: 1 };

let n = 0;
const order = (p: LngLat, extra: Partial<Order> = {}): Order => ({
  ...createOrder(
    newOrderDraft(`o${++n}`, { destination: { geometry: { type: 'Point', coordinates: p } }, scheduledAt: new Date('2030-01-01T20:00:00.000Z') }),
    { id: `id${n}`, accountId: 'a', shareCode: `c${n}`, fulfillmentAttempt: 0 },
    NOW,
  ).order,
  ...extra,
});

const worker = (handle: string, extra: Partial<Worker> = {}): Worker => newWorker(handle, NOW, { accountId: 'a', ...extra });

function screened(c: DispatchCandidate, adding: Order[]): Screened {
  const w = screenWorker(c.worker, adding, NOW);
  if ('reason' in w) throw new Error(w.reason);
  const s = screenRoute(c, w.shift, adding);
  if ('reason' in s) throw new Error(s.reason);
  return s;
}
const fit = (c: DispatchCandidate, adding: Order[]) => {
  const s = screened(c, adding);
  return fitCandidate(s, adding, NOW, greatCircleMatrix(s.points, UNIT));
};

describe('on-demand dispatch in the core', () => {
  it('screens availability, shift, skills and a window already closed, in that order', () => {
    const o = order([0, 0], { productType: ['cold'] });
    expect(screenWorker(worker('a', { available: false }), [o], NOW)).toEqual({ workerHandle: 'a', reason: 'worker_unavailable' });
    expect(screenWorker(worker('d', { deletedAt: NOW }), [o], NOW)).toEqual({ workerHandle: 'd', reason: 'worker_unavailable' });
    // 2030-01-01 is a Tuesday.
    const monday = worker('m', { productTypes: ['cold'], schedule: [{ dayOfWeek: 'MONDAY', startMinute: 0, endMinute: 1439, opsGroupHandle: null }] });
    expect(screenWorker(monday, [o], NOW)).toEqual({ workerHandle: 'm', reason: 'off_shift' });
    expect(screenWorker(worker('s'), [o], NOW)).toEqual({ workerHandle: 's', reason: 'missing_skill' });
    const late = order([0, 0], { scheduledAt: new Date(NOW.getTime() - 1) });
    expect(screenWorker(worker('l'), [late], NOW)).toEqual({ workerHandle: 'l', reason: 'time_window' });
    expect(screenWorker(worker('ok', { productTypes: ['cold', 'heavy'] }), [o], NOW)).toMatchObject({ shift: { start: new Date('2030-01-01T00:00:00.000Z') } });
  });

  it('counts a full route by orders, a pick and its drop once', () => {
    const [p, d] = [order([0, 0], { type: 'pick', orderHandle: 'h' }), order([0, 0.001], { orderHandle: 'h' })];
    const c = { worker: worker('w', { profile: { capacity: 3 } }), route: { routeHandle: 'r', version: 1, stops: [p, d, order([0, 0.002])] } };
    expect(screenRoute(c, { start: NOW, end: new Date(NOW.getTime() + 3600_000) }, [order([0, 0.003])])).toMatchObject({ candidate: c });
    expect(screenRoute(c, { start: NOW, end: NOW }, [order([0, 0.003]), order([0, 0.004])])).toEqual({ workerHandle: 'w', reason: 'capacity' });
  });

  it('inserts at the cheapest place and measures what it adds, home to home', () => {
    // Home at 0, stops at 0.01° and 0.03° of longitude on the equator; the new stop at 0.02°
    // sits on the way: nothing is added on the way out, only the return from 0.03° stays.
    const [a, b] = [order([0.01, 0]), order([0.03, 0])];
    const c: DispatchCandidate = {
      worker: worker('w', { home: { address: null, coordinates: [0, 0] } }),
      route: { routeHandle: 'r', version: 3, stops: [a, b] },
    };
    const x = order([0.02, 0]);
    const f = fit(c, [x])!;
    expect(f.stopSequence).toEqual([a.id, x.id, b.id]);
    expect(f.index).toBe(1);
    expect(f.startLocation).toEqual([0.01, 0]);
    expect(Math.abs(f.addedDistance)).toBeLessThanOrEqual(1);
    // Off the line by d = 0.01° north of 0.02° (d ≈ 1,112 m): between a and b it would add
    // (2√2 − 2)·d ≈ 921 m, on the way home from b (√2 + √5 − 3)·d ≈ 723 m, which wins.
    const y = order([0.02, 0.01]);
    const g = fit(c, [y])!;
    const d = 1111.95;
    expect(g.stopSequence).toEqual([a.id, b.id, y.id]);
    expect(g.startLocation).toEqual([0.03, 0]);
    expect(Math.abs(g.addedDistance - (Math.SQRT2 + Math.sqrt(5) - 3) * d)).toBeLessThan(3);
    expect(g.addedDuration).toBe(g.addedDistance);
  });

  it('a window the route cannot reach within the shift gives no fit', () => {
    const c: DispatchCandidate = { worker: worker('w', { home: { address: null, coordinates: [0, 0] } }), route: null };
    // ~11 km away at 1 m/s is three hours; due in one.
    expect(fit(c, [order([0.1, 0], { scheduledAt: new Date(NOW.getTime() + 3600_000) })])).toBeNull();
    expect(fit(c, [order([0.1, 0], { scheduledAt: new Date(NOW.getTime() + 4 * 3600_000) })])).not.toBeNull();
  });

  it('ranks by added time, then distance, then handle; the failure reason is the closest worker’s', () => {
    const f = (h: string, t: number, d: number) => ({ workerHandle: h, addedDuration: t, addedDistance: d }) as Parameters<typeof rankFits>[0][number];
    expect(rankFits([f('c', 5, 1), f('b', 3, 9), f('a', 3, 9), f('d', 3, 2)]).map((x) => x.workerHandle)).toEqual(['d', 'a', 'b', 'c']);
    expect(failureReason([])).toBe('no_workers');
    expect(
      failureReason([
        { workerHandle: 'a', reason: 'off_shift' },
        { workerHandle: 'b', reason: 'capacity' },
        { workerHandle: 'c', reason: 'worker_unavailable' },
      ]),
    ).toBe('capacity');
  });
});
