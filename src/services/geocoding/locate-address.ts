import type { Deps } from '../deps.ts';
import type { GeocodeMatch } from './address-geocoder.ts';
import { geocode } from './geocode.ts';

export type LocatedAddress = { found: true; match: GeocodeMatch } | { found: false; reason: string };

/**
 * The point of an address an API caller sent without coordinates: the configured geocoder's best
 * street match, else the best GeoNames place. Called before any transaction opens, since the
 * geocoder is a network round trip. Not found is the caller's validation error, never a guess.
 */
export async function locateAddress(deps: Deps, address: string): Promise<LocatedAddress> {
  const r = await geocode(deps, address, { limit: 1 });
  const match = r.matches[0];
  if (match) return { found: true, match };
  const why = r.geocoderError
    ? `the geocoder could not be asked (${r.geocoderError}) and no GeoNames place has that name`
    : deps.geocoderUrl
      ? 'neither the geocoder nor the GeoNames places know it'
      : 'no GeoNames place has that name (no street geocoder is configured: DROPLINE_GEOCODER_URL)';
  return { found: false, reason: `The address could not be located: ${why}; send coordinates with it.` };
}
