import type { LngLat } from '../tracking/eta.ts';
import { isAvailable, type Worker, workerCapacity } from '../worker.ts';
import { type ShiftWindow, shiftsOn } from '../worker-shift.ts';
import type { Vehicle } from './model.ts';

export interface FleetOptions {
  /** The planning date, read as a local date in each worker's own time zone (YYYY-MM-DD). */
  date: string;
  /** The instant that is time 0 of the instance: shifts become seconds since it. */
  origin: Date;
  /** The matrix index of a position; the caller collects the positions for the matrix. */
  locate: (position: LngLat) => number;
  opsGroupHandle?: string | null;
  /** Orders per route for a worker whose profile names no capacity; unbounded when omitted. */
  defaultCapacity?: number;
}

/** One vehicle of the fleet and the worker shift it stands for. */
export interface FleetVehicle {
  vehicle: Vehicle;
  workerHandle: string;
  shift: ShiftWindow;
}

export type ExclusionReason = 'worker_unavailable' | 'off_shift';

export interface Fleet {
  vehicles: FleetVehicle[];
  /** Workers that give no vehicle, and why. */
  excluded: { workerHandle: string; reason: ExclusionReason }[];
}

/**
 * The planner's vehicles for one date: one per shift of each available worker (a split shift
 * gives two vehicles, each bounded by its own window), starting and ending at the worker's home
 * (without a home the route starts at its first stop and ends at its last), carrying
 * `profile.capacity` orders, with the worker's `product_types` as skills. A worker unavailable by
 * work status (or deleted) or without a shift that day gives none.
 */
export function buildFleet(workers: readonly Worker[], o: FleetOptions): Fleet {
  const vehicles: FleetVehicle[] = [];
  const excluded: Fleet['excluded'] = [];
  const ids = new Set<string>();
  const origin = o.origin.getTime();
  for (const w of workers) {
    if (!isAvailable(w)) {
      excluded.push({ workerHandle: w.workerHandle, reason: 'worker_unavailable' });
      continue;
    }
    const shifts = shiftsOn(w, o.date, { opsGroupHandle: o.opsGroupHandle });
    if (shifts.length === 0) {
      excluded.push({ workerHandle: w.workerHandle, reason: 'off_shift' });
      continue;
    }
    const home = w.home ? o.locate(w.home.coordinates) : undefined;
    const capacity = workerCapacity(w) ?? o.defaultCapacity ?? Number.POSITIVE_INFINITY;
    shifts.forEach((shift, k) => {
      let id = shifts.length === 1 ? w.workerHandle : `${w.workerHandle}#${k + 1}`;
      while (ids.has(id)) id = `${id}#`;
      ids.add(id);
      const vehicle: Vehicle = {
        id,
        ...(home === undefined ? {} : { start: home, end: home }),
        shift: [(shift.start.getTime() - origin) / 1000, (shift.end.getTime() - origin) / 1000],
        capacity: [capacity],
        skills: w.productTypes,
      };
      vehicles.push({ vehicle, workerHandle: w.workerHandle, shift });
    });
  }
  return { vehicles, excluded };
}
