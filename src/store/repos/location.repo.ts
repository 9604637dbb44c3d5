import type { Kysely } from 'kysely';
import type { Fix } from '../../core/tracking/fix.ts';
import type { DB } from '../schema.ts';
import { fixFromColumns } from './fix-columns.ts';

export interface LocationRepo {
  /** Stores the fixes not seen before and returns those (a resent fix is a no-op). */
  insertNew(deviceId: string, fixes: readonly Fix[], receivedAt: Date): Promise<Fix[]>;
  /** The device's fixes recorded since `since`, oldest first. */
  recent(deviceId: string, since: Date): Promise<Fix[]>;
}

export class KyselyLocationRepo implements LocationRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insertNew(deviceId: string, fixes: readonly Fix[], receivedAt: Date): Promise<Fix[]> {
    if (fixes.length === 0) return [];
    const rows = await this.db
      .insertInto('device_locations')
      .values(
        fixes.map((f) => ({
          device_id: deviceId,
          recorded_at: f.recordedAt,
          lng: f.lng,
          lat: f.lat,
          altitude: f.altitude,
          accuracy: f.accuracy,
          speed: f.speed,
          bearing: f.bearing,
          battery: f.battery,
          activity: f.activity,
          received_at: receivedAt,
        })),
      )
      .onConflict((oc) => oc.columns(['device_id', 'recorded_at']).doNothing())
      .returning('recorded_at')
      .execute();
    const stored = new Set(rows.map((r) => r.recorded_at.getTime()));
    return fixes.filter((f) => stored.has(f.recordedAt.getTime()));
  }

  async recent(deviceId: string, since: Date): Promise<Fix[]> {
    const rows = await this.db
      .selectFrom('device_locations')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('recorded_at', '>=', since)
      .orderBy('recorded_at')
      .limit(600)
      .execute();
    return rows.map(fixFromColumns);
  }
}
