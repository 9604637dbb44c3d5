import type { Deps } from '../deps.ts';
import { type GeocodeMatch, geocodeAddress } from './address-geocoder.ts';

export interface GeocodeResult {
  matches: GeocodeMatch[];
  /** Set when the configured geocoder could not be asked: the places still come back. */
  geocoderError: string | null;
}

/**
 * What a person typed as a destination: street addresses from the configured geocoder (when
 * there is one) first, then GeoNames places by name, offline.
 */
export async function geocode(deps: Deps, query: string, o: { limit?: number } = {}): Promise<GeocodeResult> {
  const limit = o.limit ?? 6;
  const places: GeocodeMatch[] = deps.regions.searchPlaces(query, limit).map((p) => ({
    label: [p.name, p.state, p.country].filter(Boolean).join(', '),
    lng: p.lng,
    lat: p.lat,
    kind: 'place',
  }));
  if (!deps.geocoderUrl) return { matches: places, geocoderError: null };
  try {
    const addresses = await geocodeAddress(deps.geocoderUrl, query, limit);
    return { matches: [...addresses, ...places].slice(0, limit), geocoderError: null };
  } catch (e) {
    return { matches: places, geocoderError: (e as Error).message };
  }
}
