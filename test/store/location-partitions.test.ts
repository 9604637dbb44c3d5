import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import { maintainLocationHistory } from '../../src/services/tracking/maintain-location-history.ts';
import { openTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.ts';
import { TestClock } from '../helpers/clock.ts';

const fixAt = (iso: string): Fix => ({
  recordedAt: new Date(iso),
  lng: 13.4,
  lat: 52.5,
  altitude: null,
  accuracy: 5,
  speed: null,
  bearing: null,
  battery: null,
  activity: null,
});

describe.each(STORE_KINDS)('location history partitioned by month on %s', (kind) => {
  let ts: TestStore;
  let deps: Deps;
  const clock = new TestClock(new Date('2035-03-10T12:00:00.000Z'));
  beforeAll(async () => {
    ts = await openTestStore(kind);
    deps = createDeps(ts.store, { clock });
  });
  afterAll(async () => {
    await deps.live.close();
    await ts.dispose();
  });

  const partitionOf = async (iso: string) => {
    const r = await sql<{
      part: string;
    }>`select tableoid::regclass::text as part from device_locations where device_id = 'P-1' and recorded_at = ${iso}::timestamptz`.execute(ts.store.db);
    return r.rows[0]?.part ?? null;
  };

  it('keeps each month in its own partition, moves early rows out of the default one, and drops whole months past retention', async () => {
    const locations = ts.store.repos.locations;
    // No partition for 2035 yet: the fixes land in the default partition and are not refused.
    await locations.insertNew('P-1', [fixAt('2035-01-15T08:00:00Z'), fixAt('2035-02-15T08:00:00Z'), fixAt('2035-03-09T08:00:00Z')], clock.now());
    expect(await partitionOf('2035-03-09T08:00:00Z')).toBe('device_locations_default');

    const kept = await maintainLocationHistory(deps, { retentionDays: null });
    expect(kept).toEqual({ ensured: ['device_locations_p203503', 'device_locations_p203504'], dropped: [] });
    expect(await partitionOf('2035-03-09T08:00:00Z')).toBe('device_locations_p203503');
    await locations.ensureMonthPartition(new Date('2035-01-20T00:00:00Z'));
    await locations.ensureMonthPartition(new Date('2035-02-20T00:00:00Z'));
    expect(await partitionOf('2035-01-15T08:00:00Z')).toBe('device_locations_p203501');
    // A resent fix is still a duplicate inside its partition.
    expect(await locations.insertNew('P-1', [fixAt('2035-02-15T08:00:00Z')], clock.now())).toEqual([]);

    // 35 days back from 10 March is 3 February: only January has ended by then.
    const trimmed = await maintainLocationHistory(deps, { retentionDays: 35 });
    // (The months the migration created for the real present are long past by then too.)
    expect(trimmed.dropped.filter((n) => n >= 'device_locations_p2035')).toEqual(['device_locations_p203501']);
    expect(await partitionOf('2035-01-15T08:00:00Z')).toBeNull();
    expect(await partitionOf('2035-02-15T08:00:00Z')).toBe('device_locations_p203502');
    expect((await locations.recent('P-1', new Date('2035-01-01T00:00:00Z'), 10)).map((f) => f.recordedAt.toISOString())).toEqual([
      '2035-02-15T08:00:00.000Z',
      '2035-03-09T08:00:00.000Z',
    ]);
  });
});
