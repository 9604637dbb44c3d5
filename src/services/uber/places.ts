import type { LngLat } from '../../core/tracking/eta.ts';
import type { Deps } from '../deps.ts';
import { locateAddress } from '../geocoding/locate-address.ts';
import { isBlankAddress, parseAddress } from './addresses.ts';
import { invalidParams, uberRefusal } from './uber-refusal.ts';

export interface PlaceInput {
  address: string;
  lat: number | null;
  lng: number | null;
}

export interface Leg {
  /** Metres along the road estimate. */
  distance: number;
  /** Seconds of driving. */
  duration: number;
}

/**
 * The point of a waypoint: its coordinates, else its address geocoded (the configured geocoder,
 * then GeoNames places). An address neither finds is Uber's unknown_location naming the field —
 * never a guessed point (issue 5).
 */
export async function locate(deps: Deps, place: PlaceInput, which: 'pickup' | 'dropoff'): Promise<LngLat> {
  const parsed = parseAddress(place.address);
  if (isBlankAddress(parsed)) throw invalidParams({ [`${which}_address`]: 'This field is required.' });
  if (place.lat !== null && place.lng !== null) return [place.lng, place.lat];
  if ((place.lat === null) !== (place.lng === null)) {
    throw invalidParams({ [`${which}_latitude`]: `${which}_latitude and ${which}_longitude are sent together.` });
  }
  const located = await locateAddress(deps, parsed.formatted);
  if (!located.found) throw uberRefusal('unknown_location', located.reason, { [`${which}_address`]: located.reason });
  return [located.match.lng, located.match.lat];
}

/** The pickup→dropoff leg from the routing provider (offline: great circle × detour). */
export async function estimateLeg(deps: Deps, from: LngLat, to: LngLat): Promise<Leg> {
  const r = await deps.routing.route(from, to, { speedMps: null });
  return { distance: Math.round(r.distance), duration: Math.round(r.duration) };
}
