import type { Fix } from '../../core/tracking/fix.ts';
import type { DeviceLocationsTable } from '../schema.ts';

/** The fix columns shared by `device_locations` and `device_state` (there, once a fix exists). */
export type FixColumns = Pick<DeviceLocationsTable, 'recorded_at' | 'lng' | 'lat' | 'altitude' | 'accuracy' | 'speed' | 'bearing' | 'battery' | 'activity'>;

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
