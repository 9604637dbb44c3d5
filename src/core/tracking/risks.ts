import { isTracking, isWorkable } from '../order/statuses.ts';
import { centroidOf, haversine } from '../geo.ts';
import { type Destination, type OrderStatus, RISK_KEYS, type RiskKey, type RiskLevel, type Risks } from '../order/types.ts';
import type { DeviceState } from './device-state.ts';
import { type Estimate, learnedSpeed } from './eta.ts';
import { type Fix, inTimeOrder } from './fix.ts';
import { distanceToPath } from './path-distance.ts';
import type { RiskBand, RiskThresholds } from './risk-thresholds.ts';

/** Everything risk evaluation looks at, as plain values; `now` comes from the caller's clock. */
export interface RiskInput {
  now: Date;
  status: OrderStatus;
  /** The order's current risks: finished and disabled orders keep them unchanged. */
  previous: Risks;
  scheduledAt: Date | null;
  destination: Destination;
  /** The live state of the order's device, null when it has none or never spoke. */
  device: DeviceState | null;
  /** The device's fixes of the last ~10 minutes, in time order; the caller picks the window. */
  recentFixes: readonly Fix[];
  estimate: Estimate | null;
  initialEta: Date | null;
  /**
   * The path planned for the order on its route (see expected-path.ts); null when none was
   * planned, and then the order cannot deviate from it.
   */
  expectedPath: readonly [number, number][] | null;
  /** When tracking started: before the device's first word, silence counts from here. */
  startedAt?: Date | null;
  /** First arrival at the destination: delays freeze at it and movement risks stop. */
  arrivedAt?: Date | null;
  /** `learnedSpeed(recentFixes, now)`, when the caller has already worked it out for the ETA. */
  learnedSpeedMps?: number | null;
}

/** Movement within this many metres of the nearest later point is GPS noise, not a turn back. */
const TREND_JITTER_M = 50;

const DELAY_RISKS: readonly RiskKey[] = ['delayed_from_scheduled_at', 'delayed_from_initial_eta'];

/**
 * The order's risks now. Each risk has one measure (see `measureRisks`) that is compared with its
 * band; a measure that cannot be taken (no device, no schedule, …) means green. Finished and
 * disabled orders keep what they had, so completing an order fires no risk events; orders not
 * yet started get only the two delay risks, since position-based risks need a trip under way.
 */
export function evaluateRisks(input: RiskInput, thresholds: RiskThresholds): Risks {
  if (!isWorkable(input.status)) return { ...input.previous };
  const measures = measureRisks(input);
  const started = isTracking(input.status);
  const risks = {} as Risks;
  for (const key of RISK_KEYS) {
    risks[key] = started || DELAY_RISKS.includes(key) ? levelOf(key, measures[key], thresholds[key]) : 'green';
  }
  return risks;
}

/** The raw measure behind each risk, in the units of its threshold; null when not measurable. */
export function measureRisks(input: RiskInput): Record<RiskKey, number | null> {
  const arrived = input.arrivedAt != null;
  const known = knownFixes(input);
  return {
    is_offline: silenceSeconds(input),
    in_outage: outageSeconds(input, known),
    in_low_battery: batteryPercent(known),
    delayed_from_scheduled_at: lateness(input),
    delayed_from_initial_eta: input.initialEta ? secondsBetween(input.initialEta, arrival(input)) : null,
    moving_too_slow: arrived ? null : slownessRatio(input),
    moving_away_from_destination: arrived ? null : retreatMetres(input, known),
    deviating_from_expected_route: arrived ? null : offPathMetres(input, known),
  };
}

function levelOf(key: RiskKey, measure: number | null, band: RiskBand): RiskLevel {
  if (measure === null) return 'green';
  if (key === 'in_low_battery') return measure <= band.red ? 'red' : measure <= band.yellow ? 'yellow' : 'green';
  return measure >= band.red ? 'red' : measure >= band.yellow ? 'yellow' : 'green';
}

const secondsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/** When the worker arrives or did: the real arrival, else the ETA, and never earlier than now. */
function arrival(input: RiskInput): Date {
  if (input.arrivedAt) return input.arrivedAt;
  const eta = input.estimate?.arriveAt;
  return eta && eta > input.now ? eta : input.now;
}

/**
 * Seconds the arrival is (or will be) after scheduled_at. An arrival on time is no risk at all,
 * whereas an ETA just before scheduled_at is: the margin is gone and any hold-up makes it late.
 */
function lateness(input: RiskInput): number | null {
  if (!input.scheduledAt) return null;
  if (input.arrivedAt && input.arrivedAt <= input.scheduledAt) return null;
  return secondsBetween(input.scheduledAt, arrival(input));
}

/** Every fix we know of, oldest first: the window plus the device's newest fix. */
function knownFixes(input: RiskInput): readonly Fix[] {
  const window = input.recentFixes;
  const last = input.device?.lastFix;
  const t = last?.recordedAt.getTime();
  if (inTimeOrder(window)) {
    // The usual case: the window ends at the device's newest fix, or just before it.
    const newest = window.at(-1)?.recordedAt.getTime() ?? -Infinity;
    if (t === undefined || newest === t) return window;
    if (newest < t) return [...window, last!];
  }
  const fixes = [...window];
  if (!last) return fixes.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  if (!fixes.some((f) => f.recordedAt.getTime() === t)) fixes.push(last);
  return fixes.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
}

/**
 * Seconds since the device was last heard from during this order: silence before the order
 * started is not this order's (a phone that slept overnight gets the same grace as a fresh one).
 */
function silenceSeconds(input: RiskInput): number | null {
  const candidates = [input.device?.lastSeenAt, input.startedAt].filter((d): d is Date => d != null);
  if (candidates.length === 0) return null;
  const heard = new Date(Math.max(...candidates.map((d) => d.getTime())));
  return secondsBetween(heard, input.now);
}

/**
 * How long the device went on talking (heartbeats, reference §8 `device_status`) without sending
 * a fix: the OS or the user stopped location. Measured up to when the device was last heard, not
 * up to now, so a device that also falls silent keeps its last known outage while is_offline
 * takes over the alarm; a heartbeat, not a fix, is what moves it.
 */
function outageSeconds(input: RiskInput, known: readonly Fix[]): number | null {
  if (!input.device) return null;
  const lastFix = known.at(-1)?.recordedAt ?? input.startedAt ?? null;
  return lastFix ? Math.max(0, secondsBetween(lastFix, input.device.lastSeenAt)) : null;
}

/**
 * The newest battery reading. Fixes carry no charging flag, so a battery that rose over the
 * window is taken as charging and is no risk.
 */
function batteryPercent(known: readonly Fix[]): number | null {
  let latest: number | null = null;
  let lowest = Number.POSITIVE_INFINITY;
  for (const { battery: b } of known) {
    if (b === null || !Number.isFinite(b)) continue;
    latest = b;
    if (b < lowest) lowest = b;
  }
  if (latest === null || latest > lowest) return null;
  return latest;
}

/**
 * Average speed needed to reach the destination by scheduled_at, over the speed the device has
 * actually been moving at. Past scheduled_at no speed is enough (Infinity). Unknown without a
 * schedule, an estimate or a learned speed (a device that is not moving is delayed_* material).
 */
function slownessRatio(input: RiskInput): number | null {
  if (!input.scheduledAt || !input.estimate) return null;
  const speed = input.learnedSpeedMps !== undefined ? input.learnedSpeedMps : learnedSpeed(input.recentFixes, input.now);
  if (speed === null) return null;
  if (input.estimate.distance === 0) return 0;
  const left = secondsBetween(input.now, input.scheduledAt);
  if (left <= 0) return Number.POSITIVE_INFINITY;
  return input.estimate.distance / left / speed;
}

/**
 * How far the device has moved away from the destination during its current retreat: walking
 * back from the newest fix while no earlier fix was clearly (beyond jitter) farther than a later
 * one, the growth from the closest point of that run to now. Turning back ends the run, so the
 * risk clears as soon as the device heads for the destination again; jitter never builds a run.
 */
function retreatMetres(input: RiskInput, fixes: readonly Fix[]): number | null {
  if (fixes.length < 2) return null;
  const dest = centroidOf(input.destination.geometry).coordinates;
  const away = (f: Fix) => haversine([f.lng, f.lat], dest);
  const now = away(fixes.at(-1)!);
  let closest = now;
  // Walks back only as far as the run goes: the usual run is a few fixes, not the whole window.
  for (let i = fixes.length - 2; i >= 0; i--) {
    const di = away(fixes[i]!);
    if (di > closest + TREND_JITTER_M) break;
    closest = Math.min(closest, di);
  }
  return now - closest;
}

/**
 * Metres from the newest position to the planned path. Without one there is nothing to deviate
 * from: a straight line to the destination is no route, and ordinary turns would leave it.
 */
function offPathMetres(input: RiskInput, known: readonly Fix[]): number | null {
  const here = known.at(-1);
  const path = input.expectedPath;
  if (!here || !path || path.length < 2) return null;
  return distanceToPath([here.lng, here.lat], path);
}

export interface RiskChange {
  key: RiskKey;
  from: RiskLevel;
  to: RiskLevel;
}

/** The risks whose level differs, in RISK_KEYS order: one timeline/webhook event each batch. */
export function riskChanges(previous: Risks, next: Risks): RiskChange[] {
  return RISK_KEYS.filter((k) => previous[k] !== next[k]).map((key) => ({ key, from: previous[key], to: next[key] }));
}

/** HyperTrack's `risk_status`: any risk not green (seed 002: one yellow → true). */
export const isAtRisk = (risks: Risks): boolean => RISK_KEYS.some((k) => risks[k] !== 'green');

/** Our levels are discrete, so the 0..1 intensity is a fixed value per label. */
const INTENSITY: Record<RiskLevel, number> = { green: 0, yellow: 0.5, red: 1 };

export interface RiskUpdatedData {
  value: 'risk_updated';
  risks: Partial<Record<RiskKey, { intensity_label: RiskLevel; intensity_value: number; previous_intensity_label: RiskLevel }>>;
}

/** The `risk_updated` order event's data (skills webhooks.md): the changed risks only. */
export function riskUpdatedData(changes: readonly RiskChange[]): RiskUpdatedData {
  const risks: RiskUpdatedData['risks'] = {};
  for (const c of changes) {
    risks[c.key] = { intensity_label: c.to, intensity_value: INTENSITY[c.to], previous_intensity_label: c.from };
  }
  return { value: 'risk_updated', risks };
}
