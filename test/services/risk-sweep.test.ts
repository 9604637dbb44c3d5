import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../src/core/order/types.ts';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { ingestLocations } from '../../src/services/tracking/ingest-locations.ts';
import { sweepRisks } from '../../src/services/tracking/sweep-risks.ts';
import { sql } from 'kysely';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { trackedOrder } from '../helpers/fixtures.ts';
import { fixAt } from '../helpers/fixes.ts';
import { recordStatements } from '../helpers/statements.ts';
import { STORE_KINDS } from '../helpers/stores.ts';

const T0 = new Date('2034-05-01T09:00:00.000Z');
const fix = (seconds: number): Fix => fixAt(new Date(T0.getTime() + seconds * 1000), -121.872 + seconds * 0.00005, 37.3263);
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();

// The sweep claims due orders in a statement of its own, reads without locks and writes with a
// version check (sweep-risks.ts): it never holds a lock across round trips, so ingest never waits
// for it, and it only looks at orders whose next risk transition is due.
describe.each(STORE_KINDS)('the risk sweep on %s', (kind) => {
  let t: TestApi;
  const clock = new TestClock(T0);
  beforeEach(async () => {
    clock.set(T0.toISOString());
    t = await startTestApi(kind, { clock });
  });
  afterEach(() => t.close());

  const stored = async (orderHandle: string): Promise<Order> => (await t.deps.store.repos.orders.find(t.api.accountId, { orderHandle }))!;
  const fleet = async (n: number) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await trackedOrder(t.api));
    for (const d of out) expect((await ingestLocations(t.deps, t.api.accountId, d.deviceId, [fix(0)])).accepted).toBe(1);
    return out;
  };
  /** The order's next check, in epoch ms (-Infinity: at the next sweep); null when it has none. */
  const dueOf = async (orderHandle: string) => {
    const { rows } = await sql<{ ms: number }>`select (extract(epoch from due_at) * 1000)::float8 as ms
      from risk_checks where order_id = ${(await stored(orderHandle)).id}`.execute(t.deps.store.db);
    return rows[0] ? Number(rows[0].ms) : null;
  };

  it('an ingest batch for an order the sweep is evaluating commits at once; the sweep then skips that order', async () => {
    const devices = await fleet(kind === 'postgres' ? 60 : 25);
    // 20 minutes of silence: every order is due and turns is_offline red.
    clock.set(at(20 * 60));
    const target = devices[7]!;
    let paused!: () => void;
    const gate = new Promise<void>((resolve) => (paused = resolve));
    let resume!: () => void;
    const release = new Promise<void>((resolve) => (resume = resolve));
    const load = t.deps.store.repos.riskSweep.load.bind(t.deps.store.repos.riskSweep);
    t.deps.store.repos.riskSweep.load = async (ids) => {
      const rows = await load(ids);
      paused();
      await release;
      return rows;
    };
    const sweep = sweepRisks(t.deps);
    await gate;

    // The sweep has claimed and read every order, and is between two statements.
    if (kind === 'postgres') {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and (state like 'idle in transaction%' or wait_event_type = 'Lock')`.execute(t.deps.store.db);
      expect(rows[0]!.n).toBe(0);
    }
    const recorded = recordStatements(t.deps.store.db);
    expect(await ingestLocations(t.deps, t.api.accountId, target.deviceId, [fix(20 * 60)])).toEqual({ accepted: 1, duplicates: 0, dropped: {} });
    // One statement, no transaction: nothing of the sweep's was in the way.
    expect(recorded.sql.filter((s) => s.includes('dropline_stale_unless'))).toHaveLength(1);
    const afterIngest = await stored(target.orderHandle);
    expect(afterIngest.tracking.fixCount).toBe(2);
    expect(afterIngest.tracking.risks.is_offline).toBe('green');

    resume();
    const result = await sweep;
    expect(result).toEqual({ evaluated: devices.length, changed: devices.length - 1, stale: 1 });
    // The sweep's older view of the target was not written over the ingest.
    expect(await stored(target.orderHandle)).toEqual(afterIngest);
    for (const d of devices) if (d !== target) expect((await stored(d.orderHandle)).tracking.risks.is_offline).toBe('red');
  });

  it('looks only at orders whose check is due, and at each exactly then', async () => {
    const [a, b] = await fleet(2);
    clock.set(at(5));
    // Both were just assessed by their fix: nothing is due yet, and an idle sweep is one statement.
    const recorded = recordStatements(t.deps.store.db);
    expect(await sweepRisks(t.deps)).toEqual({ evaluated: 0, changed: 0, stale: 0 });
    // Only the sweep's own statements count: the fleet's creates may still have after-commit work
    // (webhook fan-out, live notifications) on the same store when the sweep runs.
    expect(recorded.sql.filter((q) => q.includes('risk_checks'))).toHaveLength(1);

    const due = (await dueOf(a!.orderHandle))!;
    expect(due).toBeGreaterThan(T0.getTime());
    clock.set(new Date(due - 1).toISOString());
    expect((await sweepRisks(t.deps)).evaluated).toBe(0);
    clock.set(new Date(due).toISOString());
    expect((await sweepRisks(t.deps)).evaluated).toBeGreaterThanOrEqual(1);
    // Each check predicts the next one, later than now.
    expect(await dueOf(a!.orderHandle)).toBeGreaterThan(due);
    expect(await dueOf(b!.orderHandle)).toBeGreaterThan(due);
  });

  it('two sweeps at once share the due orders without evaluating any twice', async () => {
    const devices = await fleet(kind === 'postgres' ? 40 : 12);
    clock.set(at(20 * 60));
    const [x, y] = await Promise.all([sweepRisks(t.deps), sweepRisks(t.deps)]);
    expect(x.evaluated + y.evaluated).toBe(devices.length);
    expect(x.changed + y.changed).toBe(devices.length);
    expect((await sweepRisks(t.deps)).evaluated).toBe(0);
  });

  it('a heartbeat without a fix has the order checked at the next sweep', async () => {
    const [d] = await fleet(1);
    clock.set(at(20 * 60));
    await sweepRisks(t.deps);
    expect((await stored(d!.orderHandle)).tracking.risks.is_offline).toBe('red');
    expect((await sweepRisks(t.deps)).evaluated).toBe(0);
    // Heard again (no position): is_offline clears at the next sweep, in_outage is measured.
    await ingestLocations(t.deps, t.api.accountId, d!.deviceId, []);
    expect(await dueOf(d!.orderHandle)).toBe(-Infinity);
    const result = await sweepRisks(t.deps);
    expect(result.evaluated).toBe(1);
    const risks = (await stored(d!.orderHandle)).tracking.risks;
    expect(risks.is_offline).toBe('green');
    expect(risks.in_outage).toBe('red');
  });

  it('an order that finishes leaves the sweep', async () => {
    const [d] = await fleet(1);
    expect(await dueOf(d!.orderHandle)).not.toBeNull();
    expect((await t.api.call('POST', `/orders/${d!.orderHandle}/complete`)).statusCode).toBe(200);
    expect(await dueOf(d!.orderHandle)).toBeNull();
  });
});
