import type { Worker } from '../../core/worker.ts';
import type { Deps } from '../deps.ts';
import { workerEvents } from '../webhooks/streams.ts';
import { linkDevice } from './link-device.ts';
import { loadWorker } from './load-worker.ts';
import { refusingDuplicateKeys } from './unique-keys.ts';
import type { WorkerInput } from './worker-input.ts';

/** PATCH semantics: absent fields stay (`home`, `schedule`, `unavailable_on`, `timezone`: null clears); a new `device_id` is linked and becomes the current device. */
export async function updateWorker(deps: Deps, accountId: string, workerHandle: string, input: WorkerInput): Promise<Worker> {
  const now = deps.clock.now();
  return refusingDuplicateKeys({ workerHandle, deviceId: input.deviceId }, () =>
    deps.store.transaction(async (repos) => {
      const w = await loadWorker(repos, accountId, workerHandle, { forUpdate: true });
      await repos.workers.update({
        ...w,
        name: input.name !== undefined ? input.name : w.name,
        profile: input.profile != null ? input.profile : w.profile,
        opsGroupHandle: input.opsGroupHandle !== undefined ? input.opsGroupHandle : w.opsGroupHandle,
        productTypes: input.productTypes != null ? input.productTypes : w.productTypes,
        home: input.home !== undefined ? input.home : w.home,
        schedule: input.schedule !== undefined ? (input.schedule ?? []) : w.schedule,
        unavailableOn: input.unavailableOn !== undefined ? (input.unavailableOn ?? []) : w.unavailableOn,
        timezone: input.timezone !== undefined ? input.timezone : w.timezone,
        updatedAt: now,
      });
      if (input.deviceId) await linkDevice(repos, accountId, workerHandle, input.deviceId, now);
      const updated = await loadWorker(repos, accountId, workerHandle);
      await repos.webhookOutbox.enqueue(workerEvents(w, updated, now));
      return updated;
    }),
  );
}
