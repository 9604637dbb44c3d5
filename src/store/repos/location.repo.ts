import type { Kysely } from 'kysely';
import type { Fix } from '../../core/tracking/fix.ts';
import type { DB } from '../schema.ts';
import { fixFromColumns } from './fix-columns.ts';
import { fixKey, KyselyIngestRepo } from './ingest.repo.ts';

export interface LocationRepo {
  /** Stores the fixes not seen before and returns those (a resent fix is a no-op). */
  insertNew(deviceId: string, fixes: readonly Fix[], receivedAt: Date): Promise<Fix[]>;
  /** The device's newest `limit` fixes recorded since `since`, oldest first. */
  recent(deviceId: string, since: Date, limit: number): Promise<Fix[]>;
}

export class KyselyLocationRepo implements LocationRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insertNew(deviceId: string, fixes: readonly Fix[], receivedAt: Date): Promise<Fix[]> {
    if (fixes.length === 0) return [];
    const stored = await new KyselyIngestRepo(this.db).storeFixes(
      fixes.map((fix) => ({ deviceId, fix })),
      [],
      receivedAt,
    );
    return fixes.filter((f) => stored.has(fixKey(deviceId, f.recordedAt)));
  }

  async recent(deviceId: string, since: Date, limit: number): Promise<Fix[]> {
    const rows = await this.db
      .selectFrom('device_locations')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('recorded_at', '>=', since)
      .orderBy('recorded_at', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(fixFromColumns);
  }
}
