import { type Kysely, sql } from 'kysely';
import type { Fix } from '../../core/tracking/fix.ts';
import type { DB } from '../schema.ts';
import { fixFromColumns } from './fix-columns.ts';
import { fixKey, KyselyIngestRepo } from './ingest.repo.ts';

export interface LocationRepo {
  /** Stores the fixes not seen before and returns those (a resent fix is a no-op). */
  insertNew(deviceId: string, fixes: readonly Fix[], receivedAt: Date): Promise<Fix[]>;
  /** The device's newest `limit` fixes recorded since `since`, oldest first. */
  recent(deviceId: string, since: Date, limit: number): Promise<Fix[]>;
  /** Creates the month partition holding `at` if missing (moving that month's rows out of the default one). */
  ensureMonthPartition(at: Date): Promise<string>;
  /** Drops every month partition that ends at or before `before`; returns the dropped names. */
  dropMonthsBefore(before: Date): Promise<string[]>;
}

export class KyselyLocationRepo implements LocationRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insertNew(deviceId: string, fixes: readonly Fix[], receivedAt: Date): Promise<Fix[]> {
    if (fixes.length === 0) return [];
    // Storing fixes publishes no live event: the sink is never called.
    const stored = await new KyselyIngestRepo(this.db, () => {}).storeFixes(
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

  async ensureMonthPartition(at: Date): Promise<string> {
    const r = await sql<{ name: string }>`select dropline_ensure_location_partition(${at.toISOString()}::timestamptz) as name`.execute(this.db);
    return r.rows[0]!.name;
  }

  async dropMonthsBefore(before: Date): Promise<string[]> {
    const r = await sql<{ name: string }>`select dropline_drop_location_partitions(${before.toISOString()}::timestamptz) as name`.execute(this.db);
    return r.rows.map((x) => x.name);
  }
}
