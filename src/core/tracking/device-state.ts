import type { Fix } from './fix.ts';

/** What is known live about a device: its newest fix and when it was last heard from. */
export interface DeviceState {
  deviceId: string;
  accountId: string;
  lastFix: Fix | null;
  lastSeenAt: Date;
}

/** The state after hearing from the device at `now`, with `fixes` accepted (any order). */
export function advanceDeviceState(state: DeviceState | null, ids: { deviceId: string; accountId: string }, fixes: readonly Fix[], now: Date): DeviceState {
  let lastFix = state?.lastFix ?? null;
  for (const f of fixes) if (!lastFix || f.recordedAt > lastFix.recordedAt) lastFix = f;
  return { ...ids, lastFix, lastSeenAt: now };
}
