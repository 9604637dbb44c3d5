import type { Region } from './order/types.ts';

/** A populated place found by name (GeoNames). */
export interface PlaceMatch {
  name: string;
  state?: string;
  country: string;
  lng: number;
  lat: number;
  population: number;
}

/**
 * Offline geocoding: a destination's region (`null` where the data has no answer), and places
 * by name, most populous first (an empty list where the data has none).
 */
export interface RegionLookup {
  lookup(lng: number, lat: number): Region | null;
  searchPlaces(query: string, limit: number): PlaceMatch[];
}

export const noRegions: RegionLookup = { lookup: () => null, searchPlaces: () => [] };
