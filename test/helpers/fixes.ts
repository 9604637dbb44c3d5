import type { Fix } from '../../src/core/tracking/fix.ts';

/** A phone's fix at `recordedAt` and [lng, lat], accurate to 5 m, battery at 70 %, nothing else known. */
export const fixAt = (recordedAt: Date, lng: number, lat: number): Fix => ({
  recordedAt,
  lng,
  lat,
  altitude: null,
  accuracy: 5,
  speed: null,
  bearing: null,
  battery: 70,
  activity: null,
});
