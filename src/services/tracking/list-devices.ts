import type { Deps } from '../deps.ts';

export interface DeviceSummary {
  deviceId: string;
  workerHandle: string | null;
  workerName: string | null;
  lastSeenAt: Date;
  lastFix: { lng: number; lat: number; recordedAt: Date; bearing: number | null; speed: number | null; battery: number | null } | null;
}

/** Every device of the account that has reported, with its worker, for the dashboard's map. */
export async function listDevices(deps: Deps, accountId: string): Promise<DeviceSummary[]> {
  const [states, workers] = await Promise.all([
    deps.store.repos.deviceStates.listForAccount(accountId),
    deps.store.repos.workers.list(accountId, {}, { limit: 10_000 }),
  ]);
  const owner = new Map<string, { workerHandle: string; name: string | null }>();
  for (const w of workers) for (const d of w.deviceIds) owner.set(d, { workerHandle: w.workerHandle, name: w.name });
  return states.map((s) => {
    const f = s.lastFix;
    return {
      deviceId: s.deviceId,
      workerHandle: owner.get(s.deviceId)?.workerHandle ?? null,
      workerName: owner.get(s.deviceId)?.name ?? null,
      lastSeenAt: s.lastSeenAt,
      lastFix: f ? { lng: f.lng, lat: f.lat, recordedAt: f.recordedAt, bearing: f.bearing, speed: f.speed, battery: f.battery } : null,
    };
  });
}
