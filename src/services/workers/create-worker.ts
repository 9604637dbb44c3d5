import { DomainError } from '../../core/errors.ts';
import type { Worker } from '../../core/worker.ts';
import type { Deps } from '../deps.ts';
import { workerEvents } from '../webhooks/streams.ts';
import { linkDevice } from './link-device.ts';
import { loadWorker } from './load-worker.ts';
import { refusingDuplicateKeys } from './unique-keys.ts';
import type { WorkerInput } from './worker-input.ts';

/** `available: false` creates the worker off work (a robo courier, which takes no dispatched work). */
export async function createWorker(
  deps: Deps,
  accountId: string,
  workerHandle: string,
  input: WorkerInput,
  opts: { available?: boolean } = {},
): Promise<Worker> {
  const now = deps.clock.now();
  return refusingDuplicateKeys({ workerHandle, deviceId: input.deviceId }, () =>
    deps.store.transaction(async (repos) => {
      if (await repos.workers.find(accountId, workerHandle)) {
        throw new DomainError('duplicate_resource', 'System already has a worker with this handle', { workerHandle });
      }
      await repos.workers.insert({
        accountId,
        workerHandle,
        name: input.name ?? null,
        profile: input.profile ?? {},
        opsGroupHandle: input.opsGroupHandle ?? null,
        productTypes: input.productTypes ?? [],
        home: input.home ?? null,
        schedule: input.schedule ?? [],
        unavailableOn: input.unavailableOn ?? [],
        timezone: input.timezone ?? null,
        available: opts.available ?? true,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      if (input.deviceId) await linkDevice(repos, accountId, workerHandle, input.deviceId, now);
      const created = await loadWorker(repos, accountId, workerHandle);
      await repos.webhookOutbox.enqueue(workerEvents(null, created, now));
      return created;
    }),
  );
}
