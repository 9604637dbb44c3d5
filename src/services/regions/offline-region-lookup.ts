import { around, distance } from 'geokdbush';
import type { Region } from '../../core/order/types.ts';
import type { RegionLookup } from '../../core/region.ts';
import { loadRegionData, type Place, type RegionData } from './region-data.ts';

const MAX_CITY_KM = 50;
const CANDIDATES = 10;

/**
 * Rough radius of a town assuming ~2000 people/km², so a point in a big city's outskirts
 * goes to that city rather than to a nearer suburb centre (Milpitas vs San Jose).
 */
const townRadiusKm = (population: number) => Math.sqrt(Math.max(population, 1000) / (Math.PI * 2000));

function nearestPlace(data: RegionData, country: string, lng: number, lat: number): Place | undefined {
  const { places, index } = data;
  let best: Place | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  // Restricted to the polygon's country so a point in Windsor is not named after Detroit.
  for (const i of around(index, lng, lat, CANDIDATES, MAX_CITY_KM, (j) => places[j]!.country === country)) {
    const p = places[i]!;
    const score = distance(lng, lat, p.lng, p.lat) / (townRadiusKm(p.population) + 1);
    if (score < bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return best;
}

/**
 * Offline reverse geocoder built from GeoNames (cities, admin1 names) and country-coder
 * borders. The ~1 s / ~150 MB load happens on the first lookup, not at construction.
 */
export function createOfflineRegionLookup(): RegionLookup {
  let data: RegionData | undefined;
  return {
    lookup(lng, lat) {
      data ??= loadRegionData();
      const iso = data.countryAt(lng, lat);
      if (!iso) return null;
      const place = nearestPlace(data, iso, lng, lat);
      const region: Region = { country: data.countryName(iso) };
      if (place?.state) region.state = place.state;
      if (place) region.city = place.name;
      return region;
    },
  };
}
