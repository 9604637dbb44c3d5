import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanCutoffs } from '../../src/core/plan-cutoff.ts';
import { GreatCircleProvider, type LngLat, type TravelMatrix } from '../../src/core/tracking/eta.ts';
import { failInterruptedRuns } from '../../src/services/planning/interrupted-runs.ts';
import { runPlanCutoffs } from '../../src/services/planning/plan-cutoffs.ts';
import type { WebhookDispatcher } from '../../src/services/webhooks/dispatcher.ts';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { TestClock } from '../helpers/clock.ts';
import { SAN_JOSE, uniq } from '../helpers/fixtures.ts';
import { STORE_KINDS } from '../helpers/stores.ts';
import { createEndpoint, webhookHarness } from '../helpers/webhooks.ts';

type Json = Record<string, unknown>;
const DATE = '2030-01-02';
const stop = (extra: Json = {}) => ({ order_handle: uniq('o'), destination: SAN_JOSE, scheduled_at: `${DATE}T15:00:00.000Z`, ...extra });

/** The offline provider whose matrix call waits until the test opens the gate: the solver's input is fixed, the world moves on. */
class GatedRouting extends GreatCircleProvider {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  private reachedResolve!: () => void;
  /** Resolves once a plan run has asked for its matrix. */
  readonly reached = new Promise<void>((resolve) => {
    this.reachedResolve = resolve;
  });

  override async matrix(points: readonly LngLat[]): Promise<TravelMatrix> {
    this.reachedResolve();
    await this.gate;
    return super.matrix(points);
  }

  release(): void {
    this.open();
  }
}

describe.each(STORE_KINDS)('plan run lifecycle on %s', (kind) => {
  describe('webhooks', () => {
    const h = webhookHarness(kind);
    let t: TestApi;
    let dispatcher: WebhookDispatcher;
    beforeAll(() => {
      ({ t, dispatcher } = h);
    });

    it('each order of the run gets planning_started, then planning_completed or planning_failed with its reason and the plan_id', async () => {
      const api = await t.newAccount();
      await createEndpoint(api, { url: h.rx.url });
      const group = uniq('g');
      await api.call('POST', '/workers', { worker_handle: uniq('w'), ops_group_handle: group, product_types: ['food'] });
      const [ok, odd] = [stop({ product_type: ['food'] }), stop({ product_type: ['fuel'] })];
      expect((await api.call('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: group, orders: [ok, odd] })).statusCode).toBe(201);
      const started = await api.call('POST', '/orders/plan', { ops_group_handle: group, date: DATE, time_budget: 0.2 });
      const planId = started.json().plan_id;
      await t.deps.plans.settled();
      await dispatcher.drain();
      const news = h.rx.accepted
        .flatMap((r) => r.body as Json[])
        .filter((e) => e.type === 'order')
        .map((e) => e.data as Json)
        .filter((d) => String(d.value).startsWith('planning_'));
      const of = (handle: string) => news.filter((d) => d.order_handle === handle);
      expect(of(ok.order_handle).map((d) => [d.value, d.plan_id, d.status])).toEqual([
        ['planning_started', planId, 'unplanned'],
        ['planning_completed', planId, 'planned'],
      ]);
      expect(of(odd.order_handle).map((d) => [d.value, d.plan_id, d.planning_failure_reason ?? null])).toEqual([
        ['planning_started', planId, null],
        ['planning_failed', planId, 'missing_skill'],
      ]);
    });
  });

  describe('orders that change while the solver runs', () => {
    let t: TestApi;
    const routing = new GatedRouting();
    const clock = new TestClock(new Date('2030-01-01T08:00:00.000Z'));
    beforeAll(async () => {
      t = await startTestApi(kind, { clock, routing });
    });
    afterAll(() => t.close());

    it('an order cancelled during solving stays cancelled; the others are planned', async () => {
      const group = uniq('g');
      await t.api.call('POST', '/workers', { worker_handle: uniq('w'), ops_group_handle: group });
      const [keep, gone] = [stop(), stop()];
      expect((await t.api.call('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: group, orders: [keep, gone] })).statusCode).toBe(201);
      const started = await t.api.call('POST', '/orders/plan', { ops_group_handle: group, date: DATE, time_budget: 0.2 });
      expect(started.statusCode, started.body).toBe(202);
      await routing.reached;
      const running = (await t.api.call('GET', `/orders/plan/${started.json().plan_id}`)).json();
      expect(running.status).toBe('running');
      // Read from the process running it: past the start, short of done.
      expect(running.progress).toBeGreaterThan(0);
      expect(running.progress).toBeLessThan(1);
      expect((await t.api.call('POST', `/orders/${gone.order_handle}/cancel`, {})).statusCode).toBe(200);
      routing.release();
      await t.deps.plans.settled();
      const run = (await t.api.call('GET', `/orders/plan/${started.json().plan_id}`)).json();
      expect(run).toMatchObject({ status: 'completed', planned: 1, unplanned: 0, skipped: 1, feasible: true });
      expect((await t.api.call('GET', `/orders/${gone.order_handle}`)).json()).toMatchObject({ status: 'cancelled' });
      expect((await t.api.call('GET', `/orders/${gone.order_handle}`)).json()).not.toHaveProperty('plan_id');
      const route = (await t.api.call('GET', `/orders/routes/${run.routes[0].route_handle}`)).json();
      expect(route.orders.map((o: Json) => o.order_handle)).toEqual([keep.order_handle]);
    });
  });

  describe('daily cut-offs and interrupted runs', () => {
    let t: TestApi;
    const clock = new TestClock(new Date('2030-01-02T05:59:00.000Z'));
    beforeAll(async () => {
      t = await startTestApi(kind, { clock });
    });
    afterAll(() => t.close());

    it("plans each account's group once per date after its cut-off, however often the tick runs", async () => {
      const group = uniq('cut');
      await t.api.call('POST', '/workers', { worker_handle: uniq('w'), ops_group_handle: group });
      const s = stop();
      await t.api.call('POST', '/orders', { plan_mode: 'scheduled', ops_group_handle: group, orders: [s] });
      const cutoffs = parsePlanCutoffs(`${group}=06:00`);
      const done = new Set<string>();
      expect(await runPlanCutoffs(t.deps, cutoffs, { budgetSeconds: 0.2, done })).toEqual([]);
      clock.set('2030-01-02T06:00:00.000Z');
      const started = await runPlanCutoffs(t.deps, cutoffs, { budgetSeconds: 0.2, done });
      expect(started).toHaveLength(1);
      await t.deps.plans.settled();
      // Another process (no memory of this one's ticks) is refused by the store.
      expect(await runPlanCutoffs(t.deps, cutoffs, { budgetSeconds: 0.2, done: new Set() })).toEqual([]);
      const run = (await t.api.call('GET', `/orders/plan/${started[0]}`)).json();
      expect(run).toMatchObject({ status: 'completed', trigger: 'schedule', date: DATE, planned: 1 });
      expect((await t.api.call('GET', `/orders/${s.order_handle}`)).json()).toMatchObject({ status: 'planned', plan_id: started[0] });
    });

    it('a run a stopped process left unfinished is marked failed', async () => {
      const run = {
        accountId: t.api.accountId,
        planId: uniq('lost'),
        opsGroupHandle: 'g',
        planDate: DATE,
        trigger: 'api' as const,
        status: 'running' as const,
        request: { orderHandles: null, workerHandles: null, timeBudgetSeconds: 1, timezone: 'UTC' },
        result: null,
        error: null,
        createdAt: clock.now(),
        startedAt: clock.now(),
        finishedAt: null,
      };
      await t.deps.store.repos.planRuns.insert(run);
      expect(await failInterruptedRuns(t.deps, { alone: false })).toBe(0);
      expect(await failInterruptedRuns(t.deps, { alone: true })).toBe(1);
      expect((await t.api.call('GET', `/orders/plan/${run.planId}`)).json()).toMatchObject({
        status: 'failed',
        progress: 1,
        error: 'interrupted: the process running the plan stopped',
      });
    });
  });

  it('parses DROPLINE_PLAN_CUTOFFS and refuses what is not a cut-off', () => {
    expect(parsePlanCutoffs('store-sf=05:30@America/Los_Angeles+1, depot=06:00')).toEqual([
      { opsGroupHandle: 'store-sf', minute: 330, timezone: 'America/Los_Angeles', daysAhead: 1 },
      { opsGroupHandle: 'depot', minute: 360, timezone: 'UTC', daysAhead: 0 },
    ]);
    expect(parsePlanCutoffs('')).toEqual([]);
    for (const bad of ['depot', 'depot=25:00', 'depot=06:00@Mars/Base', 'depot=6:00']) expect(() => parsePlanCutoffs(bad)).toThrow(/DROPLINE_PLAN_CUTOFFS/);
  });
});
