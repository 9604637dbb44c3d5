import type { Region } from './order/types.ts';

/** Offline reverse geocoding of a destination to its region; `null` where the data has no answer. */
export interface RegionLookup {
  lookup(lng: number, lat: number): Region | null;
}

export const noRegions: RegionLookup = { lookup: () => null };
