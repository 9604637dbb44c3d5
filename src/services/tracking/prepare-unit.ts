import { advanceDeviceState, type DeviceState } from '../../core/tracking/device-state.ts';
import type { TimelineEvent } from '../../core/order/timeline.ts';
import type { RegionLookup } from '../../core/region.ts';
import type { EtaEstimator } from '../../core/tracking/eta.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import { type DropReason, validateFixes } from '../../core/tracking/validate-fixes.ts';
import { locationEvent } from '../live/live-events.ts';
import type { DeviceSnapshots } from './device-snapshots.ts';
import type { RecentFixWindows } from './recent-fix-windows.ts';

/** One request's fixes for one device, already authenticated. No fixes = a heartbeat. */
export interface IngestUnit {
  accountId: string;
  deviceId: string;
  /** The worker the device is linked to (device webhooks name it). */
  workerHandle?: string | null;
  fixes: readonly Fix[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  dropped: Partial<Record<DropReason, number>>;
}

/** What a process remembers between groups; entries are written only after a commit. */
export interface IngestCaches {
  windows: RecentFixWindows;
  snapshots: DeviceSnapshots;
}

/** What every unit of one group is judged against. */
export interface GroupContext {
  now: Date;
  /** The start of the recent-fix window. */
  since: Date;
  thresholdsOf(accountId: string): RiskThresholds;
  /** Whether the account has an endpoint for `location` webhooks (see LocationSubscriptions). */
  locationsWanted(accountId: string): boolean;
  eta: EtaEstimator;
  regions: RegionLookup;
  /** Whether a registered dialect reacts to these geofence crossings (it reads and writes under locks). */
  crossesGeofence(events: readonly TimelineEvent[]): boolean;
}

export interface Prepared {
  unit: IngestUnit;
  /** The device's history version the group started from. */
  version: number;
  previous: DeviceState | null;
  /** Valid fixes, one per fix time (a second fix with the same time is a duplicate). */
  accepted: Fix[];
  duplicatesInRequest: number;
  dropped: IngestResult['dropped'];
  next: DeviceState;
  /** The accepted fixes that were not stored before: set once the group knows. */
  fresh: Fix[];
}

/** A unit judged against the device's state: which fixes are valid, and the state after them. */
export function prepare(unit: IngestUnit, previous: DeviceState | null, version: number, now: Date): Prepared {
  const { accepted: valid, dropped } = validateFixes(unit.fixes, previous?.lastFix ?? null, now);
  const accepted: Fix[] = [];
  const times = new Set<number>();
  for (const f of valid) {
    const t = f.recordedAt.getTime();
    if (times.has(t)) continue;
    times.add(t);
    accepted.push(f);
  }
  // A fix already stored is never newer than the state's last fix (both are written together),
  // so advancing over every accepted fix equals advancing over the fresh ones.
  const next = advanceDeviceState(previous, { deviceId: unit.deviceId, accountId: unit.accountId }, accepted, now);
  return { unit, version, previous, accepted, duplicatesInRequest: valid.length - accepted.length, dropped, next, fresh: [] };
}

/** The live event of the device's new position, when this unit moved it. */
export function movedEvent(p: Prepared): object | null {
  const last = p.next.lastFix;
  return last && last !== p.previous?.lastFix && p.fresh.includes(last) ? locationEvent(p.unit.accountId, p.unit.deviceId, last) : null;
}

export const resultOf = (p: Prepared): IngestResult => ({
  accepted: p.fresh.length,
  duplicates: p.accepted.length - p.fresh.length + p.duplicatesInRequest,
  dropped: p.dropped,
});

/** What device webhooks need of a prepared unit (services/webhooks/device-streams.ts). */
export const heardDevice = (p: Prepared) => ({
  accountId: p.unit.accountId,
  deviceId: p.unit.deviceId,
  workerHandle: p.unit.workerHandle ?? null,
  previous: p.previous,
  fresh: p.fresh,
});
