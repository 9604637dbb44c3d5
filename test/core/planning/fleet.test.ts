import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../src/core/planning/check-solution.ts';
import { buildFleet } from '../../../src/core/planning/fleet.ts';
import { solve } from '../../../src/core/planning/solve.ts';
import { GreatCircleProvider, type LngLat } from '../../../src/core/tracking/eta.ts';
import type { ShiftEntry, Worker } from '../../../src/core/worker.ts';
import { newWorker } from '../../helpers/new-worker.ts';

const T = new Date('2030-01-07T00:00:00Z');
const weekly = (dayOfWeek: 'MONDAY' | 'TUESDAY', start: number, end: number): ShiftEntry => ({
  dayOfWeek,
  startMinute: start * 60,
  endMinute: end * 60,
  opsGroupHandle: null,
});
const monday = (start: number, end: number) => weekly('MONDAY', start, end);

const worker = (handle: string, over: Partial<Worker> = {}): Worker => newWorker(handle, T, over);

/** Collects positions for the matrix, one index per distinct position. */
function locator() {
  const points: LngLat[] = [];
  const locate = (p: LngLat) => {
    const i = points.findIndex((q) => q[0] === p[0] && q[1] === p[1]);
    return i >= 0 ? i : points.push(p) - 1;
  };
  return { points, locate };
}

describe('buildFleet', () => {
  it('turns an available worker on shift into a vehicle: home, shift, profile capacity, product types', () => {
    const { points, locate } = locator();
    const ann = worker('ann', {
      home: { address: '777 Story Rd', coordinates: [-121.86, 37.33] },
      schedule: [monday(9, 18)],
      timezone: 'America/Los_Angeles',
      profile: { capacity: 12, zoneId: '4' },
      productTypes: ['plumbing'],
    });
    const fleet = buildFleet([ann], { date: '2030-01-07', origin: T, locate });
    expect(fleet.excluded).toEqual([]);
    expect(points).toEqual([[-121.86, 37.33]]);
    // 09:00 PST is 17:00 UTC: 17 h after the origin; 18:00 PST is 26 h after it.
    expect(fleet.vehicles).toEqual([
      {
        vehicle: { id: 'ann', start: 0, end: 0, shift: [17 * 3600, 26 * 3600], capacity: [12], skills: ['plumbing'] },
        workerHandle: 'ann',
        shift: { start: new Date('2030-01-07T17:00:00Z'), end: new Date('2030-01-08T02:00:00Z') },
      },
    ]);
  });

  it('leaves out unavailable, deleted and off-shift workers, saying why', () => {
    const { locate } = locator();
    const fleet = buildFleet(
      [
        worker('off-duty', { available: false }),
        worker('deleted', { deletedAt: T }),
        worker('tuesdays', { schedule: [weekly('TUESDAY', 9, 17)] }),
        worker('holiday', { schedule: [monday(9, 17)], unavailableOn: ['2030-01-07'] }),
        worker('on', { schedule: [monday(9, 17)] }),
      ],
      { date: '2030-01-07', origin: T, locate },
    );
    expect(fleet.vehicles.map((v) => v.vehicle.id)).toEqual(['on']);
    expect(fleet.excluded).toEqual([
      { workerHandle: 'off-duty', reason: 'worker_unavailable' },
      { workerHandle: 'deleted', reason: 'worker_unavailable' },
      { workerHandle: 'tuesdays', reason: 'off_shift' },
      { workerHandle: 'holiday', reason: 'off_shift' },
    ]);
  });

  it('gives a split shift one vehicle per window; no home means open start and end; default capacity', () => {
    const { points, locate } = locator();
    const fleet = buildFleet([worker('bo', { schedule: [monday(8, 12), monday(14, 18)] })], { date: '2030-01-07', origin: T, locate, defaultCapacity: 5 });
    expect(points).toEqual([]);
    expect(fleet.vehicles.map((v) => v.vehicle)).toEqual([
      { id: 'bo#1', shift: [8 * 3600, 12 * 3600], capacity: [5], skills: [] },
      { id: 'bo#2', shift: [14 * 3600, 18 * 3600], capacity: [5], skills: [] },
    ]);
    expect(fleet.vehicles.every((v) => v.workerHandle === 'bo')).toBe(true);
    const unbounded = buildFleet([worker('cy')], { date: '2030-01-07', origin: T, locate });
    expect(unbounded.vehicles[0]!.vehicle.capacity).toEqual([Number.POSITIVE_INFINITY]);
  });

  it('feeds the solver: skills, capacity and shifts hold in the plan the checker accepts', async () => {
    const { points, locate } = locator();
    const home: LngLat = [13.4, 52.52];
    const fleet = buildFleet(
      [
        worker('flowers', { home: { address: null, coordinates: home }, schedule: [monday(9, 17)], productTypes: ['flowers'], profile: { capacity: 2 } }),
        worker('any', { home: { address: null, coordinates: home }, schedule: [monday(9, 17)], profile: { capacity: 3 } }),
      ],
      { date: '2030-01-07', origin: T, locate },
    );
    const stops: LngLat[] = [
      [13.41, 52.52],
      [13.42, 52.53],
      [13.39, 52.51],
      [13.4, 52.53],
    ];
    const jobs = stops.map((p, i) => ({ id: `o${i}`, location: locate(p), service: 300, delivery: [1], ...(i < 2 ? { skills: ['flowers'] } : {}) }));
    const matrix = await new GreatCircleProvider().matrix(points);
    const instance = {
      size: matrix.size,
      distances: matrix.distances,
      durations: matrix.durations,
      vehicles: fleet.vehicles.map((v) => v.vehicle),
      jobs,
      shipments: [],
      objective: { minimiseVehicles: false, travel: 'duration' as const },
    };
    const { plan } = solve(instance, { seed: 1, maxIterations: 200 });
    expect(plan.unassigned).toEqual([]);
    expect(checkSolution(instance, plan).violations).toEqual([]);
    const byVehicle = Object.fromEntries(plan.routes.map((r) => [r.vehicle, r.stops.map((s) => s.id).sort()]));
    expect(byVehicle.flowers).toEqual(['o0', 'o1']);
    expect(byVehicle.any).toEqual(['o2', 'o3']);
    for (const r of plan.routes) expect(r.departure).toBeGreaterThanOrEqual(9 * 3600);
  });
});
