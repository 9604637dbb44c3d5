import type { Risks } from '../order/types.ts';
import type { DeviceState } from './device-state.ts';
import type { Fix } from './fix.ts';

/**
 * What a device's fresh fixes tell HyperTrack webhook receivers about the device itself
 * (reference §8 `location`, `battery`, `device_status`), decided from the device's state before
 * the batch and the batch alone.
 */
export interface DeviceNews {
  /** The fixes to send as `location` events: sampled, oldest first, the newest always kept. */
  locations: Fix[];
  battery: { value: BatteryStatus; percent: number; fix: Fix }[];
  /** The device became active: its first fix ever, or its first after a silence (see `activeAfterSeconds`). */
  active: Fix | null;
}

export type BatteryStatus = 'low' | 'normal' | 'charging';

export interface DeviceNewsOptions {
  /** At most one location event per this many seconds of fix time (a phone may send one a second). */
  sampleSeconds: number;
  /** Most location events one batch sends (one POST; HyperTrack batches too). */
  maxLocations: number;
  /** Battery percent at or below which the battery is `low`. */
  lowBatteryPercent: number;
  /** A gap without fixes longer than this ends the device's activity: the next fix makes it active again. */
  activeAfterSeconds: number;
}

export const DEFAULT_DEVICE_NEWS: DeviceNewsOptions = { sampleSeconds: 10, maxLocations: 100, lowBatteryPercent: 20, activeAfterSeconds: 900 };

const seconds = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 1000;

/**
 * Fixes carry no charging flag: a reading above the previous one means charging, and the
 * battery stays charging while it does not fall.
 */
function batteryStatus(percent: number, before: number | null, was: BatteryStatus | null, low: number): BatteryStatus {
  if (before !== null && (percent > before || (was === 'charging' && percent === before))) return 'charging';
  return percent <= low ? 'low' : 'normal';
}

export function deviceNews(previous: DeviceState | null, fresh: readonly Fix[], opts: DeviceNewsOptions = DEFAULT_DEVICE_NEWS): DeviceNews {
  const last = previous?.lastFix ?? null;
  // Fixes older than the device's newest are late history: no news about the device now.
  const news = fresh.filter((f) => !last || f.recordedAt > last.recordedAt).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const out: DeviceNews = { locations: [], battery: [], active: null };
  if (news.length === 0) return out;

  const first = news[0]!;
  if (!last || seconds(last.recordedAt, first.recordedAt) > opts.activeAfterSeconds) out.active = first;

  let sentAt = last?.recordedAt ?? null;
  for (const f of news) {
    if (sentAt && seconds(sentAt, f.recordedAt) < opts.sampleSeconds && f !== news.at(-1)) continue;
    out.locations.push(f);
    sentAt = f.recordedAt;
  }
  if (out.locations.length > opts.maxLocations) out.locations = out.locations.slice(-opts.maxLocations);

  let before = last?.battery ?? null;
  let status: BatteryStatus | null = before === null ? null : before <= opts.lowBatteryPercent ? 'low' : 'normal';
  for (const f of news) {
    if (f.battery === null || !Number.isFinite(f.battery)) continue;
    const next = batteryStatus(f.battery, before, status, opts.lowBatteryPercent);
    // A first reading is news only when it is low (HyperTrack: the event "fires when device battery drops to low").
    if (next !== status && (status !== null || next === 'low')) out.battery.push({ value: next, percent: f.battery, fix: f });
    status = next;
    before = f.battery;
  }
  return out;
}

/**
 * The device status an order's re-assessment reveals (the risk sweep sees silence without any
 * fix): `is_offline` turning red means the device stopped talking (`disconnected`); `in_outage`
 * turning red means it talks without locations (`inactive`, reason `location_unavailable`).
 */
export function deviceStatusFromRisks(before: Risks, after: Risks): { value: 'disconnected' } | { value: 'inactive'; reason: string } | null {
  if (after.is_offline === 'red' && before.is_offline !== 'red') return { value: 'disconnected' };
  if (after.in_outage === 'red' && before.in_outage !== 'red') return { value: 'inactive', reason: 'location_unavailable' };
  return null;
}
