/** Worker fields as the native API accepts them (HyperTrack PostWorkerRequest / PatchWorkerRequest). */
export interface WorkerInput {
  name?: string | null;
  profile?: Record<string, unknown> | null;
  opsGroupHandle?: string | null;
  productTypes?: string[] | null;
  deviceId?: string | null;
}
