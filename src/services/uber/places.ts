import type { LngLat } from '../../core/tracking/eta.ts';
import type { Deps } from '../deps.ts';
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
 * The point of a waypoint. Dropline has no geocoder: an address without coordinates is Uber's
 * unknown_location, and the message names the fields to send — never a guessed point (issue 5).
 */
export function locate(place: PlaceInput, which: 'pickup' | 'dropoff'): LngLat {
  if (isBlankAddress(parseAddress(place.address))) throw invalidParams({ [`${which}_address`]: 'This field is required.' });
  if (place.lat === null || place.lng === null) {
    throw uberRefusal(
      'unknown_location',
      `The specified location was not understood: Dropline has no geocoder, send ${which}_latitude and ${which}_longitude with the ${which}_address.`,
      { [`${which}_latitude`]: 'required: Dropline does not geocode addresses', [`${which}_longitude`]: 'required: Dropline does not geocode addresses' },
    );
  }
  return [place.lng, place.lat];
}

/** The pickup→dropoff leg from the routing provider (offline: great circle × detour). */
export async function estimateLeg(deps: Deps, from: LngLat, to: LngLat): Promise<Leg> {
  const r = await deps.routing.route(from, to, { speedMps: null });
  return { distance: Math.round(r.distance), duration: Math.round(r.duration) };
}
