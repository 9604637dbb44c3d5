import type { Fix } from '../../core/tracking/fix.ts';

/** What an app's request says: whose fixes they are. No fixes = a heartbeat (the device was heard from). */
export interface Decoded {
  deviceId: string;
  fixes: Fix[];
}

/**
 * Why a request could not be read. `missing_device` and `malformed` are the client's mistake (400);
 * `too_many` is a batch beyond what one request may carry (413).
 */
export type DecodeErrorKind = 'missing_device' | 'malformed' | 'too_many';

export interface DecodeError {
  kind: DecodeErrorKind;
  message: string;
}

export type DecodeResult<T = Decoded> = { ok: true; value: T } | { ok: false; error: DecodeError };

export const decoded = <T>(value: T): DecodeResult<T> => ({ ok: true, value });
export const decodeError = <T = Decoded>(kind: DecodeErrorKind, message: string): DecodeResult<T> => ({
  ok: false,
  error: { kind, message },
});

/** Most fixes one request may carry, as the native batch endpoint. */
export const MAX_FIXES_PER_REQUEST = 1000;

/** A decimal number written in full (`Number('')` is 0 and `Number('0x1f')` is 31: neither is a coordinate). */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A non-negative measurement; the apps send -1 (or nothing) for "unknown". */
export const measured = (n: number | null | undefined): number | null => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null);

/** Any finite number (altitude may be below sea level). */
export const finite = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
