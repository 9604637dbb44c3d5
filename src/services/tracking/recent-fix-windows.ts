import type { Fix } from '../../core/tracking/fix.ts';
import { LruMap } from './lru-map.ts';

/** The window of fixes the ETA and risk evaluation learn speeds and trends from. */
export const RECENT_MS = 10 * 60_000;
/**
 * At most this many of the newest fixes of that window: 10 minutes of a phone reporting every
 * 3 s. A faster phone's window is shorter, which bounds both memory and the work per fix.
 */
export const RECENT_LIMIT = 200;

interface Entry {
  version: number;
  /** The window's start when it was built: an entry cannot answer for an earlier start. */
  since: number;
  /** The fixes as columns (see `pack`): a fleet's windows are most of what a process holds per device. */
  packed: Float64Array;
}

/**
 * Numbers per fix: recordedAt (epoch ms), lng, lat, accuracy, speed, battery (NaN = null): what
 * ETA and risk evaluation read of a window. Altitude, bearing and activity are not kept (they
 * come back null); the fixes themselves, and the device's newest one, are stored whole.
 */
const STRIDE = 6;
const num = (v: number | null) => (v === null ? Number.NaN : v);
const opt = (v: number) => (Number.isNaN(v) ? null : v);

/**
 * 48 bytes per fix instead of ~300 as objects (with a Date each): 10,000 devices' 10-minute
 * windows at a fix every 10 s are ~30 MB instead of ~180 MB. A NaN that a fix really carried
 * would come back as null; the decoders already turn non-finite readings into null.
 */
function pack(fixes: readonly Fix[]): Float64Array {
  const packed = new Float64Array(fixes.length * STRIDE);
  fixes.forEach((f, i) => {
    const o = i * STRIDE;
    packed[o] = f.recordedAt.getTime();
    packed[o + 1] = f.lng;
    packed[o + 2] = f.lat;
    packed[o + 3] = num(f.accuracy);
    packed[o + 4] = num(f.speed);
    packed[o + 5] = num(f.battery);
  });
  return packed;
}

function unpack(e: Entry): Fix[] {
  const out: Fix[] = new Array(e.packed.length / STRIDE);
  for (let i = 0; i < out.length; i++) {
    const o = i * STRIDE;
    const p = e.packed;
    out[i] = {
      recordedAt: new Date(p[o]!),
      lng: p[o + 1]!,
      lat: p[o + 2]!,
      altitude: null,
      accuracy: opt(p[o + 3]!),
      speed: opt(p[o + 4]!),
      bearing: null,
      battery: opt(p[o + 5]!),
      activity: null,
    };
  }
  return out;
}

/**
 * Each tracked device's recent fixes, kept between batches so a batch need not read back what
 * the process itself just wrote. An entry is only trusted when the device's history version
 * (read under the device's row lock) is the one it was built at: any other process that added
 * fixes meanwhile bumped it. Entries are written after the commit only, so a rolled-back batch
 * cannot leave fixes in memory that the store does not have.
 */
export class RecentFixWindows {
  private readonly entries: LruMap<string, Entry>;

  /** `capacity` devices' windows are kept (DROPLINE_DEVICE_CACHE_SIZE); beyond it the rest are read from the store. */
  constructor(capacity: number) {
    this.entries = new LruMap<string, Entry>(capacity);
  }

  /** The cached window, or null when it may be incomplete. */
  get(deviceId: string, version: number, since: Date): Fix[] | null {
    const e = this.entries.peek(deviceId);
    if (!e || e.version !== version || e.since > since.getTime()) return null;
    return unpack(this.entries.get(deviceId)!);
  }

  put(deviceId: string, version: number, since: Date, fixes: readonly Fix[]): void {
    this.entries.set(deviceId, { version, since: since.getTime(), packed: pack(fixes) });
  }

  /** The device's history moved from `from` to `to` without new fixes (a heartbeat, only duplicates). */
  advance(deviceId: string, from: number, to: number): void {
    const e = this.entries.peek(deviceId);
    if (e?.version === from) e.version = to;
  }

  /**
   * After a committed group moved the device's history from `version` to `version + 1`: keep
   * the window it built, or carry the old one over when no fix was added, else forget it.
   */
  settle(deviceId: string, version: number, since: Date, window: Fix[] | undefined, added: boolean): void {
    if (window) this.put(deviceId, version + 1, since, window);
    else if (!added) this.advance(deviceId, version, version + 1);
    else this.drop(deviceId);
  }

  drop(deviceId: string): void {
    this.entries.delete(deviceId);
  }
}

/** `window` plus `fresh` (disjoint: fresh fixes were not stored before), trimmed to the window. */
export function extendWindow(window: readonly Fix[], fresh: readonly Fix[], since: Date): Fix[] {
  const from = since.getTime();
  if (followsOn(window, fresh)) {
    // The usual batch, newer than the window and in order: slide the window, no sort.
    let start = 0;
    while (start < window.length && window[start]!.recordedAt.getTime() < from) start++;
    const all = window.slice(start).concat(fresh.filter((f) => f.recordedAt.getTime() >= from));
    return all.length > RECENT_LIMIT ? all.slice(all.length - RECENT_LIMIT) : all;
  }
  const all = [...window, ...fresh].filter((f) => f.recordedAt.getTime() >= from);
  all.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  return all.length > RECENT_LIMIT ? all.slice(all.length - RECENT_LIMIT) : all;
}

/** Whether `fresh` is in time order and starts after the (time-ordered) window ends. */
function followsOn(window: readonly Fix[], fresh: readonly Fix[]): boolean {
  let prev = window.at(-1)?.recordedAt.getTime() ?? -Infinity;
  for (const f of fresh) {
    const t = f.recordedAt.getTime();
    if (t <= prev) return false;
    prev = t;
  }
  return true;
}
