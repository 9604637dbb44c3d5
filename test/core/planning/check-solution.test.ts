import { describe, expect, it } from 'vitest';
import { checkSolution, type ViolationKind } from '../../../src/core/planning/check-solution.ts';
import type { PlanSequences, StopRef } from '../../../src/core/planning/model.ts';
import { planeInstance } from '../../helpers/planning.ts';

// Depot at 0, stops on a line 10 apart: travel time = distance.
const instance = planeInstance({
  points: [
    [0, 0],
    [10, 0],
    [20, 0],
    [30, 0],
    [40, 0],
    [50, 0],
  ],
  vehicles: [
    { id: 'van', start: 0, end: 0, shift: [0, 200], capacity: [10], skills: ['fridge'] },
    { id: 'bike', start: 0, end: 0, shift: [0, 200], capacity: [3], maxTravelTime: 50, maxDistance: 50 },
  ],
  jobs: [
    { id: 'a', location: 1, service: 5, delivery: [2], timeWindows: [[0, 100]] },
    { id: 'b', location: 2, service: 5, delivery: [2], timeWindows: [[0, 25]] },
    { id: 'cold', location: 3, delivery: [1], skills: ['fridge'] },
  ],
  shipments: [{ id: 's', pickup: { location: 4 }, delivery: { location: 5, timeWindows: [[0, 150]] }, amount: [4] }],
});

const job = (id: string): StopRef => ({ kind: 'job', id });
const pickup: StopRef = { kind: 'pickup', id: 's' };
const delivery: StopRef = { kind: 'delivery', id: 's' };

const kinds = (plan: PlanSequences): ViolationKind[] =>
  checkSolution(instance, plan)
    .violations.map((v) => v.kind)
    .sort();

describe('checkSolution', () => {
  it('accepts a feasible plan and totals it', () => {
    const plan = { routes: [{ vehicle: 'van', stops: [job('a'), job('b'), job('cold'), pickup, delivery] }], unassigned: [] };
    const report = checkSolution(instance, plan);
    expect(report.violations).toEqual([]);
    expect(report.totals).toEqual({ vehicles: 1, distance: 100, duration: 100, unassigned: 0 });
  });

  it('reports a stop reached after its window', () => {
    expect(kinds({ routes: [{ vehicle: 'van', stops: [job('cold'), job('a'), job('b'), pickup, delivery] }], unassigned: [] })).toEqual(['time_window']);
  });

  it('reports a delivery before its pickup', () => {
    expect(kinds({ routes: [{ vehicle: 'van', stops: [job('a'), job('b'), job('cold'), delivery, pickup] }], unassigned: [] })).toContain('precedence');
  });

  it('reports a shipment split across vehicles', () => {
    const plan = {
      routes: [
        { vehicle: 'van', stops: [job('a'), job('b'), job('cold'), pickup] },
        { vehicle: 'bike', stops: [delivery] },
      ],
      unassigned: [],
    };
    expect(kinds(plan)).toContain('split_shipment');
  });

  it('reports capacity, skills and both travel limits on one route, all at once', () => {
    const plan = {
      routes: [
        { vehicle: 'bike', stops: [job('a'), job('b'), job('cold'), pickup, delivery] },
        { vehicle: 'van', stops: [] },
      ],
      unassigned: [],
    };
    const found = new Set(kinds(plan));
    expect([...found].sort()).toEqual(['capacity', 'max_distance', 'max_travel_time', 'skills']);
  });

  it('reports an arrival after the shift', () => {
    const late = planeInstance({
      points: [
        [0, 0],
        [100, 0],
      ],
      vehicles: [{ id: 'v', start: 0, end: 0, shift: [0, 150], capacity: [1] }],
      jobs: [{ id: 'far', location: 1 }],
    });
    expect(checkSolution(late, { routes: [{ vehicle: 'v', stops: [job('far')] }], unassigned: [] }).violations.map((v) => v.kind)).toEqual(['shift_end']);
  });

  it('reports unknown vehicles and stops, duplicates, reused vehicles, missing and wrongly unassigned requests', () => {
    const plan: PlanSequences = {
      routes: [
        { vehicle: 'van', stops: [job('a'), job('a'), job('ghost')] },
        { vehicle: 'van', stops: [] },
        { vehicle: 'truck', stops: [job('b')] },
      ],
      unassigned: [{ kind: 'job', id: 'a' }],
    };
    expect(kinds(plan)).toEqual([
      'duplicate_stop',
      'missing_request',
      'missing_request',
      'missing_request',
      'unknown_stop',
      'unknown_vehicle',
      'vehicle_reused',
      'wrongly_unassigned',
    ]);
  });

  it('waits for a window to open and honours multiple windows', () => {
    const windows = planeInstance({
      points: [
        [0, 0],
        [10, 0],
      ],
      vehicles: [{ id: 'v', start: 0, end: 0, shift: [0, 100], capacity: [1] }],
      jobs: [
        {
          id: 'x',
          location: 1,
          timeWindows: [
            [0, 5],
            [40, 50],
          ],
        },
      ],
    });
    expect(checkSolution(windows, { routes: [{ vehicle: 'v', stops: [job('x')] }], unassigned: [] }).violations).toEqual([]);
  });
});
