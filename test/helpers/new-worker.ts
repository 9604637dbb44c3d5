import type { Worker } from '../../src/core/worker.ts';

/** A worker as the store hands it to the core: available, no home, shifts or devices, made at `at`; `over` changes any field. */
export const newWorker = (handle: string, at: Date, over: Partial<Worker> = {}): Worker => ({
  accountId: 'acc',
  workerHandle: handle,
  name: null,
  profile: {},
  opsGroupHandle: null,
  productTypes: [],
  home: null,
  schedule: [],
  unavailableOn: [],
  timezone: null,
  available: true,
  createdAt: at,
  updatedAt: at,
  deletedAt: null,
  deviceIds: [],
  isTracking: false,
  ...over,
});
