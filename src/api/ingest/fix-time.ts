/** Traccar's cut-off: a numeric timestamp below Java's Integer.MAX_VALUE is seconds, above it milliseconds. */
const SECONDS_LIMIT = 2147483647;

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const PLAIN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?$/;

/**
 * The instant an OsmAnd `timestamp` names, or null when it names none. The forms are Traccar's
 * (reference §1.2): unix seconds or milliseconds; ISO-8601 when it contains `T`; otherwise
 * `yyyy-MM-dd HH:mm:ss`, which Traccar reads in its server's zone — we read it as UTC, because a
 * Dropline server's zone is an accident of where it runs (docs/gps-apps.md). An ISO time without
 * an offset is UTC for the same reason.
 */
export function parseOsmandTime(text: string): Date | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return validDate(n < SECONDS_LIMIT ? n * 1000 : n);
  }
  const m = (t.includes('T') || t.includes('t') ? ISO : PLAIN).exec(t);
  return m ? fromParts(m) : null;
}

/** An ISO-8601 instant (transistorsoft's `location.timestamp`), zone-less read as UTC. */
export function parseIsoTime(text: string): Date | null {
  const m = ISO.exec(text.trim());
  return m ? fromParts(m) : null;
}

function fromParts(m: RegExpExecArray): Date | null {
  const [, y, mo, d, h, mi, s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Math.floor(Number(`0.${frac || '0'}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(utc);
  // Date.UTC rolls 2024-02-31 over into March; a date that does not round-trip is not a date.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  return validDate(utc - offsetMinutes(zone) * 60_000);
}

function offsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

function validDate(ms: number): Date | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}
