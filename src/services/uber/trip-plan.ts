import type { PriceModel } from '../../core/pricing.ts';
import type { LngLat } from '../../core/tracking/eta.ts';
import type { Deps } from '../deps.ts';
import { estimateLeg, type Leg, locate, type PlaceInput } from './places.ts';
import { loadPricing } from './pricing.ts';
import { type RequestedWindows, resolveWindows, type Windows } from './time-windows.ts';

export interface TripPlan {
  pickup: LngLat;
  dropoff: LngLat;
  leg: Leg;
  windows: Windows;
  pricing: PriceModel;
}

/** What a quote and a delivery both start from: the two places, the leg between them, its windows and the account's prices. */
export async function planTrip(
  deps: Deps,
  accountId: string,
  input: { pickup: PlaceInput; dropoff: PlaceInput; windows: RequestedWindows },
  now: Date,
): Promise<TripPlan> {
  // Before any transaction: a geocoded address is a network round trip.
  const [pickup, dropoff] = await Promise.all([locate(deps, input.pickup, 'pickup'), locate(deps, input.dropoff, 'dropoff')]);
  const leg = await estimateLeg(deps, pickup, dropoff);
  const windows = resolveWindows(input.windows, now, leg.duration);
  return { pickup, dropoff, leg, windows, pricing: await loadPricing(deps, accountId) };
}
