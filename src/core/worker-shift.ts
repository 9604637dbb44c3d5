import { DAYS_OF_WEEK, type ShiftEntry, type Worker } from './worker.ts';

/** A shift as two instants: work may start at `start` and must be over by `end`. */
export interface ShiftWindow {
  start: Date;
  end: Date;
}

type Scheduled = Pick<Worker, 'schedule' | 'unavailableOn' | 'timezone'>;

export interface ShiftOptions {
  /** Planning for this ops group: entries tied to another group do not count. */
  opsGroupHandle?: string | null;
  /**
   * The caller's memo, reused across calls for many workers at one moment (on-demand dispatch):
   * formatters by time zone (building one costs far more than using one) and resolved local
   * instants by zone, so workers in one zone share each midnight's and shift boundary's lookup.
   */
  cache?: ShiftCache;
}

export interface ShiftCache {
  formatters: Map<string, Intl.DateTimeFormat>;
  instants: Map<string, number>;
}

export const newShiftCache = (): ShiftCache => ({ formatters: new Map(), instants: new Map() });

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Whether `tz` names a time zone this runtime's Intl knows (IANA names, `UTC`). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether `s` is a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const wallClock = (tz: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** The wall-clock reading of `t` in the zone, as if that reading were UTC (ms). */
function wallMs(fmt: Intl.DateTimeFormat, t: number): number {
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (((t % 1000) + 1000) % 1000);
}

/**
 * The instant a local wall-clock time names, resolved as Temporal's `compatible` does: a time
 * repeated by a fall-back transition is its first occurrence; a time skipped by a spring-forward
 * transition moves forward by the gap (02:30 on a 02:00→03:00 night is 03:30).
 */
function instantOf(fmt: Intl.DateTimeFormat, localMs: number): number {
  // At most one transition lies within a day of any time in real zones, so the offsets a day
  // either side are the only candidates.
  const before = wallMs(fmt, localMs - DAY_MS) - (localMs - DAY_MS);
  const after = wallMs(fmt, localMs + DAY_MS) - (localMs + DAY_MS);
  const fits = [before, after].filter((o) => wallMs(fmt, localMs - o) - (localMs - o) === o).map((o) => localMs - o);
  if (fits.length > 0) return Math.min(...fits);
  return localMs - before;
}

/** The calendar date (YYYY-MM-DD) that instant `t` falls on in time zone `tz`. */
export const localDateIn = (t: Date, tz: string): string => localDate(wallClock(tz), t.getTime());

/** The local calendar date of `t` in the zone, YYYY-MM-DD. */
function localDate(fmt: Intl.DateTimeFormat, t: number): string {
  return new Date(wallMs(fmt, t)).toISOString().slice(0, 10);
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const applies = (e: ShiftEntry, o: ShiftOptions) => e.opsGroupHandle === null || o.opsGroupHandle == null || e.opsGroupHandle === o.opsGroupHandle;

/**
 * The shifts that start on local `date` (YYYY-MM-DD), in time order, overlapping ones merged.
 * Entries for that very date replace the weekly ones for its weekday; a date in `unavailableOn`
 * has none. A worker without any schedule works the whole local day (23 or 25 hours across a DST
 * change), so workers never given a schedule stay plannable.
 */
export function shiftsOn(w: Scheduled, date: string, opts: ShiftOptions = {}): ShiftWindow[] {
  return shiftsWith(wallClock(w.timezone ?? 'UTC'), w, date, opts, w.timezone ?? 'UTC');
}

// Building an Intl formatter costs far more than using one: one per call, shared by its dates.
function shiftsWith(fmt: Intl.DateTimeFormat, w: Scheduled, date: string, opts: ShiftOptions, tz: string): ShiftWindow[] {
  const memo = opts.cache?.instants;
  const instant = (localMs: number): number => {
    if (!memo) return instantOf(fmt, localMs);
    const key = `${tz}\u0000${localMs}`;
    let v = memo.get(key);
    if (v === undefined) {
      v = instantOf(fmt, localMs);
      memo.set(key, v);
    }
    return v;
  };
  if (w.unavailableOn.includes(date)) return [];
  const midnight = Date.parse(`${date}T00:00:00Z`);
  const entries = w.schedule.filter((e) => applies(e, opts));
  if (w.schedule.length === 0) {
    return [{ start: new Date(instant(midnight)), end: new Date(instant(midnight + DAY_MS)) }];
  }
  const dated = entries.filter((e) => e.date === date);
  const weekday = DAYS_OF_WEEK[new Date(midnight).getUTCDay()];
  const chosen = dated.length > 0 ? dated : entries.filter((e) => e.dayOfWeek === weekday);
  const windows = chosen
    .map((e) => {
      const endMinute = e.endMinute <= e.startMinute ? e.endMinute + 1440 : e.endMinute;
      return { start: instant(midnight + e.startMinute * MINUTE_MS), end: instant(midnight + endMinute * MINUTE_MS) };
    })
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const win of windows) {
    const last = merged.at(-1);
    if (last && win.start <= last.end) last.end = Math.max(last.end, win.end);
    else merged.push({ ...win });
  }
  return merged.map((m) => ({ start: new Date(m.start), end: new Date(m.end) }));
}

/**
 * The shift the worker is in at `at`, or null. A shift belongs to the local date it starts on, so
 * an overnight shift from the day before still counts after midnight (and an unavailable date
 * only stops shifts that start on it).
 */
export function shiftWindowAt(w: Scheduled, at: Date, opts: ShiftOptions = {}): ShiftWindow | null {
  const t = at.getTime();
  const tz = w.timezone ?? 'UTC';
  let fmt = opts.cache?.formatters.get(tz);
  if (!fmt) {
    fmt = wallClock(tz);
    opts.cache?.formatters.set(tz, fmt);
  }
  const today = localDate(fmt, t);
  for (const date of [addDays(today, -1), today]) {
    const hit = shiftsWith(fmt, w, date, opts, tz).find((s) => s.start.getTime() <= t && t < s.end.getTime());
    if (hit) return hit;
  }
  return null;
}

/** Whether the worker's schedule has it working at `at` (work status aside: see `isAvailable`). */
export const isOnShift = (w: Scheduled, at: Date, opts: ShiftOptions = {}): boolean => shiftWindowAt(w, at, opts) !== null;

/** The local calendar date of `at` in the zone (null = UTC) and the instant that day began. */
export function localDay(tz: string | null, at: Date): { date: string; start: Date } {
  const fmt = wallClock(tz ?? 'UTC');
  const date = localDate(fmt, at.getTime());
  return { date, start: new Date(instantOf(fmt, Date.parse(`${date}T00:00:00Z`))) };
}
