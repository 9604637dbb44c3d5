import type { Kysely } from 'kysely';
import type { DeviceState } from '../../core/tracking/device-state.ts';
import type { DB } from '../schema.ts';
import { fixFromColumns } from './fix-columns.ts';

export interface DeviceStateRepo {
  find(deviceId: string, opts?: { forUpdate?: boolean }): Promise<DeviceState | null>;
  listForAccount(accountId: string): Promise<DeviceState[]>;
}

/** A `device_state` row as the core's DeviceState (every repository that reads the table). */
export const deviceStateFromRow = (r: Omit<DB['device_state'], 'history_version'>): DeviceState => ({
  deviceId: r.device_id,
  accountId: r.account_id,
  lastSeenAt: r.last_seen_at,
  lastFix: r.recorded_at && r.lng !== null && r.lat !== null ? fixFromColumns({ ...r, recorded_at: r.recorded_at, lng: r.lng, lat: r.lat }) : null,
});

export class KyselyDeviceStateRepo implements DeviceStateRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async find(deviceId: string, opts: { forUpdate?: boolean } = {}): Promise<DeviceState | null> {
    let q = this.db.selectFrom('device_state').selectAll().where('device_id', '=', deviceId);
    if (opts.forUpdate) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return row ? deviceStateFromRow(row) : null;
  }

  async listForAccount(accountId: string): Promise<DeviceState[]> {
    const rows = await this.db.selectFrom('device_state').selectAll().where('account_id', '=', accountId).execute();
    return rows.map(deviceStateFromRow);
  }
}
