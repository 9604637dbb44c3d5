import type { Fix } from '../../core/tracking/fix.ts';

/** The fix columns shared by `device_locations` and `device_state`. */
export interface FixColumns {
  recorded_at: Date;
  lng: number;
  lat: number;
  altitude: number | null;
  accuracy: number | null;
  speed: number | null;
  bearing: number | null;
  battery: number | null;
  activity: string | null;
}

export const fixFromColumns = (r: FixColumns): Fix => ({
  recordedAt: r.recorded_at,
  lng: r.lng,
  lat: r.lat,
  altitude: r.altitude,
  accuracy: r.accuracy,
  speed: r.speed,
  bearing: r.bearing,
  battery: r.battery,
  activity: r.activity,
});
