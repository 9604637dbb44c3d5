import { DomainError } from '../errors.ts';
import { RISK_KEYS, type RiskKey } from '../order/types.ts';

/**
 * Where a risk's measure turns yellow and red (at or beyond the value). For every risk but
 * `in_low_battery` a larger measure is worse, so yellow ≤ red; battery is a percentage that is
 * worse when smaller, so there yellow ≥ red.
 */
export interface RiskBand {
  yellow: number;
  red: number;
}

export type RiskThresholds = Record<RiskKey, RiskBand>;

/** What an account may change: any band, any side of it. */
export type RiskThresholdOverrides = Partial<Record<RiskKey, Partial<RiskBand>>>;

/**
 * Dropline's defaults. HyperTrack publishes no thresholds (reference §6 gives only meanings), so
 * these are our choices; docs/risks-and-eta.md explains each one.
 */
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  /** Seconds since the device was last heard from (fixes or heartbeats). */
  is_offline: { yellow: 300, red: 900 },
  /** Seconds without a fix while the device is still heard from. */
  in_outage: { yellow: 300, red: 900 },
  /** Battery percent at or below, unless the battery is seen charging. */
  in_low_battery: { yellow: 20, red: 10 },
  /** Seconds the ETA lies after scheduled_at; negative = a safety margin already eaten into. */
  delayed_from_scheduled_at: { yellow: -300, red: 600 },
  /** Seconds the ETA lies after the first ETA given for the order. */
  delayed_from_initial_eta: { yellow: 600, red: 1200 },
  /** Speed needed to arrive by scheduled_at ÷ the device's learned moving speed. */
  moving_too_slow: { yellow: 1.25, red: 1.5 },
  /** Metres the distance to the destination has grown during the current retreat. */
  moving_away_from_destination: { yellow: 200, red: 500 },
  /** Metres between the current position and the expected path. */
  deviating_from_expected_route: { yellow: 500, red: 1500 },
};

/** Measures that cannot be negative (a time since, a distance, a ratio). */
const NON_NEGATIVE: readonly RiskKey[] = [
  'is_offline',
  'in_outage',
  'delayed_from_initial_eta',
  'moving_too_slow',
  'moving_away_from_destination',
  'deviating_from_expected_route',
];

const invalid = (field: string, message: string) => new DomainError('invalid_request', message, { field: `risk_thresholds.${field}` });

/**
 * The defaults with an account's overrides laid over them, side by side: overriding only `red`
 * keeps the default `yellow`, and the merged band must still be ordered. Throws `invalid_request`
 * (naming the field) for an unknown risk, a non-number or an unordered band, so a bad setting is
 * refused when it is saved rather than silently ignored on every fix.
 */
export function mergeThresholds(defaults: RiskThresholds, overrides: RiskThresholdOverrides = {}): RiskThresholds {
  const merged = { ...defaults };
  for (const [key, band] of Object.entries(overrides)) {
    if (!(RISK_KEYS as readonly string[]).includes(key)) throw invalid(key, `Unknown risk ${key}`);
    const k = key as RiskKey;
    if (band === undefined) continue;
    if (band === null || typeof band !== 'object') throw invalid(k, 'Expected an object with yellow and/or red');
    for (const side of Object.keys(band)) {
      if (side !== 'yellow' && side !== 'red') throw invalid(`${k}.${side}`, `Unknown threshold ${side}`);
    }
    const next = { ...defaults[k], ...definedOnly(band) };
    for (const side of ['yellow', 'red'] as const) {
      const v = next[side];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${k}.${side}`, 'Expected a finite number');
      if (NON_NEGATIVE.includes(k) && v < 0) throw invalid(`${k}.${side}`, 'Must not be negative');
      if (k === 'in_low_battery' && (v < 0 || v > 100)) throw invalid(`${k}.${side}`, 'Must be a percentage (0-100)');
    }
    if (k === 'in_low_battery' ? next.yellow < next.red : next.yellow > next.red) {
      const rule = k === 'in_low_battery' ? 'at least' : 'at most';
      throw invalid(k, `yellow must be ${rule} red for ${k}`);
    }
    merged[k] = next;
  }
  return merged;
}

function definedOnly(band: Partial<RiskBand>): Partial<RiskBand> {
  const out: Partial<RiskBand> = {};
  if (band.yellow !== undefined) out.yellow = band.yellow;
  if (band.red !== undefined) out.red = band.red;
  return out;
}
