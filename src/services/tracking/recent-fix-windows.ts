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
  fixes: Fix[];
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
    return this.entries.get(deviceId)!.fixes;
  }

  put(deviceId: string, version: number, since: Date, fixes: Fix[]): void {
    this.entries.set(deviceId, { version, since: since.getTime(), fixes });
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
