import type { Worker } from '../../core/worker.ts';
import { localDay } from '../../core/worker-shift.ts';
import type { Deps } from '../deps.ts';
import { loadWorker } from '../workers/load-worker.ts';
import { applyWorkStatus } from '../workers/set-work-status.ts';
import { type Answered, priorAnswer, recordAnswer } from './driver-actions.ts';

export function meJson(w: Worker, now: Date) {
  return {
    worker_handle: w.workerHandle,
    name: w.name,
    device_id: w.deviceIds.at(-1) ?? null,
    on_shift: w.available,
    timezone: w.timezone,
    today: localDay(w.timezone, now).date,
  };
}

export type MeJson = ReturnType<typeof meJson>;

/** Shift on/off is the worker's work_status (the native service's change), in one transaction with the action's record. */
export async function setShift(deps: Deps, worker: Worker, actionId: string, onShift: boolean): Promise<Answered<MeJson>> {
  const now = deps.clock.now();
  const call = { worker, actionId, action: 'shift', subject: '' };
  return deps.store.transaction(async (repos) => {
    // The worker's row lock first: two replays of one action in flight are answered in turn.
    await loadWorker(repos, worker.accountId, worker.workerHandle, { forUpdate: true });
    const prior = await priorAnswer<MeJson>(repos, call);
    if (prior) return prior;
    const updated = await applyWorkStatus(repos, worker.accountId, worker.workerHandle, onShift, now);
    return recordAnswer(repos, call, meJson(updated, now), now);
  });
}
