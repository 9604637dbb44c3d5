import type { ShiftEntry, WorkerHome } from '../../core/worker.ts';

/** Worker fields as the native API accepts them (HyperTrack PostWorkerRequest / PatchWorkerRequest). */
export interface WorkerInput {
  name?: string | null;
  profile?: Record<string, unknown> | null;
  opsGroupHandle?: string | null;
  productTypes?: string[] | null;
  deviceId?: string | null;
  /** null clears it. */
  home?: WorkerHome | null;
  /** null clears it, as [] does. */
  schedule?: ShiftEntry[] | null;
  unavailableOn?: string[] | null;
  /** null clears it (the schedule is then read in UTC). */
  timezone?: string | null;
}
