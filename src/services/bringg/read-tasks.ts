import { isOpen } from '../../core/order/statuses.ts';
import type { Deps } from '../deps.ts';
import { findCustomer } from './customers.ts';
import { adoptHandle, loadView, resolveTask, type TaskRef, type TaskView } from './task-records.ts';

/** get_open_tasks answers at most this many tasks (Bringg publishes no paging for it; OURS). */
export const OPEN_TASKS_LIMIT = 500;

export async function getTask(deps: Deps, accountId: string, merchantId: number, ref: TaskRef): Promise<TaskView> {
  const now = deps.clock.now();
  // A transaction: the first Bringg read of another dialect's order allocates its ids.
  return deps.store.transaction(async (repos) => loadView(repos, merchantId, await resolveTask(deps, repos, accountId, ref, { now })));
}

/**
 * get_open_tasks: every unfinished task, including orders made through the other dialects (they
 * get Bringg ids on the way); optionally only one customer's.
 */
export async function getOpenTasks(
  deps: Deps,
  accountId: string,
  merchantId: number,
  customer?: { customerId?: number | null; externalId?: string | null },
): Promise<TaskView[]> {
  const now = deps.clock.now();
  return deps.store.transaction(async (repos) => {
    if (customer) {
      const c = await findCustomer(repos, accountId, customer);
      const views = [];
      for (const task of await repos.bringg.listTasks(accountId, { customerId: c.customerId })) {
        const view = await loadView(repos, merchantId, task);
        if (view.stops.some((o) => isOpen(o.status))) views.push(view);
      }
      return views.slice(0, OPEN_TASKS_LIMIT);
    }
    for (const handle of await repos.bringg.listUnmappedOpenHandles(accountId, OPEN_TASKS_LIMIT)) {
      await adoptHandle(deps, repos, accountId, handle, now);
    }
    const handles = await repos.bringg.listOpenMappedHandles(accountId, OPEN_TASKS_LIMIT);
    const tasks = await repos.bringg.listTasks(accountId, { orderHandles: handles });
    const views = [];
    for (const task of tasks) views.push(await loadView(repos, merchantId, task));
    return views;
  });
}
