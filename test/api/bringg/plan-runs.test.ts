import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../helpers/api.ts';
import { bringgClient, type BringgClient, extId, nativeWorker, twoStopTask } from '../../helpers/bringg.ts';
import { TestClock } from '../../helpers/clock.ts';
import { STORE_KINDS } from '../../helpers/stores.ts';

type Json = Record<string, any>;

/** Bringg runs (issue 15 item 6): a route a plan run made is the task's run. */
describe.each(STORE_KINDS)('Bringg runs from plan runs on %s', (kind) => {
  let t: TestApi;
  let b: BringgClient;
  const clock = new TestClock(new Date('2030-01-01T09:00:00.000Z'));
  beforeAll(async () => {
    t = await startTestApi(kind, { clock });
    b = await bringgClient(t);
  });
  afterAll(() => t.close());

  /** Plans the task's stops for the driver's day, waits until the run has finished and answers it. */
  async function planRun(externalId: string, driver: string, timeBudget: number): Promise<Json> {
    const started = await b.native.call('POST', '/orders/plan', {
      ops_group_handle: 'berlin',
      date: '2030-01-01',
      order_handles: [externalId],
      worker_handles: [driver],
      time_budget: timeBudget,
    });
    expect(started.statusCode, started.body).toBe(202);
    await t.deps.plans.settled();
    return (await b.native.call('GET', `/orders/plan/${started.json().plan_id}`)).json() as Json;
  }

  it('run_id and run_uuid name the plan run’s route, planning_done follows the plan, planning_published the hand-over to the driver', async () => {
    const driver = await nativeWorker(b.native);
    const created = await b.task('oauth', 'create_task', twoStopTask());
    expect(created).toMatchObject({ planning_done: false, planning_published: false, run_id: null, run_uuid: null });

    const run = await planRun(created.external_id, driver, 0.2);
    expect(run).toMatchObject({ status: 'completed', planned: 2, feasible: true });
    const routeHandle = run.routes[0].route_handle as string;

    const planned = await b.task('oauth', 'get_task', { id: created.id });
    expect(planned).toMatchObject({ planning_done: true, planning_published: false, run_uuid: routeHandle });
    expect(planned.run_id).toEqual(expect.any(Number));

    expect((await b.native.call('POST', `/orders/routes/${routeHandle}/reassign`, { worker_handle: driver })).statusCode).toBe(200);
    const published = await b.task('oauth', 'get_task', { id: created.id });
    expect(published).toMatchObject({ planning_done: true, planning_published: true, run_id: planned.run_id, run_uuid: routeHandle });
  });

  it('a task routed by hand has no run and is not planning_done', async () => {
    const driver = await nativeWorker(b.native);
    const created = await b.task('oauth', 'create_task', twoStopTask(extId('hand')));
    const assigned = await b.task('oauth', 'assign_task', { id: created.id, user_external_id: driver });
    expect(assigned).toMatchObject({ planning_done: false, planning_published: false, run_id: null, run_uuid: null });
  });

  it('two plan runs give their routes different run ids', async () => {
    const ids = [];
    for (let i = 0; i < 2; i++) {
      const driver = await nativeWorker(b.native);
      const created = await b.task('oauth', 'create_task', twoStopTask());
      expect((await planRun(created.external_id, driver, 0.1)).planned).toBe(2);
      ids.push((await b.task('oauth', 'get_task', { id: created.id })).run_id);
    }
    expect(new Set(ids).size).toBe(2);
  });
});
