import { describe, expect, it } from 'vitest';
import { point } from '../../src/core/geo.ts';
import { allGreen, type Risks } from '../../src/core/order/types.ts';
import type { DeviceState } from '../../src/core/tracking/device-state.ts';
import type { Fix } from '../../src/core/tracking/fix.ts';
import { DEFAULT_RISK_THRESHOLDS, mergeThresholds } from '../../src/core/tracking/risk-thresholds.ts';
import { evaluateRisks, isAtRisk, type RiskInput, riskChanges, riskUpdatedData } from '../../src/core/tracking/risks.ts';
import { TestClock } from '../helpers/clock.ts';

/**
 * Scripted scenes in Berlin. The courier drives north along 13.4°E from START to DEST (the planned
 * path MERIDIAN, where a scene has one); positions are given as metres south of DEST (and
 * optionally east of the meridian). The clock is a TestClock moved by hand; each expectation
 * lists exactly the risks that are not green.
 */
const T0 = new Date('2026-11-23T12:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const after = (ms: number) => new Date(T0.getTime() + ms);
const DEST = point(13.4, 52.52);
const START = point(13.4, 52.3);
const M_PER_DEG_LAT = 111_195.08;
const M_PER_DEG_LNG = M_PER_DEG_LAT * Math.cos((52.5 * Math.PI) / 180);
const MERIDIAN: [number, number][] = [START.coordinates, DEST.coordinates];

const clockAt = (ms = 0) => {
  const clock = new TestClock(T0);
  clock.advance(ms);
  return clock;
};

/** A fix at `time`, `south` metres south of DEST and `east` metres east of the path. */
function fixAt(time: Date, south: number, over: Partial<Fix> & { east?: number } = {}): Fix {
  const { east = 0, ...rest } = over;
  return {
    recordedAt: time,
    lng: 13.4 + east / M_PER_DEG_LNG,
    lat: 52.52 - south / M_PER_DEG_LAT,
    altitude: null,
    accuracy: 5,
    speed: null,
    bearing: null,
    battery: 80,
    activity: 'drive',
    ...rest,
  };
}

/** The last minute before `now`: a fix every 10 s, heading for DEST at `speed`, ending `south` m away. */
function approach(now: Date, south: number, over: { speed?: number; east?: number; battery?: number[] } = {}): Fix[] {
  const speed = over.speed ?? 10;
  return [6, 5, 4, 3, 2, 1, 0].map((k, i) =>
    fixAt(new Date(now.getTime() - k * 10 * SECOND), south + k * 10 * speed, {
      speed,
      east: over.east ?? 0,
      battery: over.battery?.[i] ?? 80,
    }),
  );
}

/** Fixes 10 s apart ending at `now`, at the given distances south of DEST. */
const trail = (now: Date, distances: number[]): Fix[] =>
  distances.map((d, i) => fixAt(new Date(now.getTime() - (distances.length - 1 - i) * 10 * SECOND), d, { speed: null }));

const device = (lastFix: Fix | null, lastSeenAt: Date): DeviceState => ({
  deviceId: 'DEVICE-1',
  accountId: 'account-1',
  lastFix,
  lastSeenAt,
});

/** An ongoing order, its device heard just now, driving the last minute towards DEST; all green. */
function scene(now: Date, over: Partial<RiskInput> = {}): RiskInput {
  const recentFixes = over.recentFixes ?? approach(now, 2200);
  return {
    now,
    status: 'ongoing',
    previous: allGreen(),
    scheduledAt: null,
    destination: { geometry: DEST, radius: 50 },
    device: device(recentFixes.at(-1) ?? null, now),
    recentFixes,
    estimate: null,
    initialEta: null,
    expectedPath: null,
    startedAt: after(-20 * MINUTE),
    arrivedAt: null,
    ...over,
  };
}

const evaluate = (input: RiskInput) => evaluateRisks(input, DEFAULT_RISK_THRESHOLDS);
const notGreen = (risks: Risks) => Object.fromEntries(Object.entries(risks).filter(([, level]) => level !== 'green'));
const eta = (now: Date, distance: number, durationSeconds: number) => ({
  arriveAt: new Date(now.getTime() + durationSeconds * SECOND),
  distance,
  duration: durationSeconds,
});

it('an ongoing order on its way, heard from just now, has no risk', () => {
  const now = clockAt().now();
  const risks = evaluate(scene(now, { scheduledAt: after(30 * MINUTE), estimate: eta(now, 2860, 286), initialEta: after(5 * MINUTE) }));
  expect(risks).toEqual(allGreen());
});

describe('is_offline', () => {
  // The device last spoke at T0; the sweep evaluates later without any new fix or heartbeat.
  const silentSince = (now: Date): RiskInput => {
    const fixes = approach(T0, 2200);
    return scene(now, { recentFixes: fixes, device: device(fixes.at(-1) as Fix, T0) });
  };

  it('turns yellow 5 minutes after the device was last heard from', () => {
    const clock = clockAt(4 * MINUTE + 59 * SECOND);
    expect(notGreen(evaluate(silentSince(clock.now())))).toEqual({});
    clock.advance(SECOND);
    expect(notGreen(evaluate(silentSince(clock.now())))).toEqual({ is_offline: 'yellow' });
  });

  it('turns red after 15 minutes', () => {
    const clock = clockAt(15 * MINUTE);
    expect(notGreen(evaluate(silentSince(clock.now())))).toEqual({ is_offline: 'red' });
  });

  it('goes back to green when the device is heard from again', () => {
    const clock = clockAt(17 * MINUTE);
    const now = clock.now();
    const fresh = [fixAt(now, 1500)];
    expect(notGreen(evaluate(scene(now, { recentFixes: fresh, device: device(fresh[0] as Fix, now) })))).toEqual({});
  });

  it('counts from the start of tracking when the device never spoke', () => {
    const now = clockAt(6 * MINUTE).now();
    const risks = evaluate(scene(now, { device: null, recentFixes: [], startedAt: T0 }));
    expect(notGreen(risks)).toEqual({ is_offline: 'yellow' });
  });
  it('does not hold the silence before the order started against it', () => {
    const fixes = approach(after(-120 * MINUTE), 2200);
    const asleep = (now: Date) =>
      scene(now, {
        recentFixes: [],
        device: device(fixes.at(-1) as Fix, after(-120 * MINUTE)),
        startedAt: after(-2 * MINUTE),
      });
    expect(notGreen(evaluate(asleep(clockAt().now())))).toEqual({});
    expect(notGreen(evaluate(asleep(clockAt(3 * MINUTE).now())))).toEqual({ is_offline: 'yellow' });
  });
});

describe('in_outage', () => {
  // Fixes stop at T0 but heartbeats keep coming: the device is reachable, its location is not.
  // Each heartbeat is evaluated as it arrives (now).
  const noFixSinceT0 = (now: Date): RiskInput => {
    const fixes = approach(T0, 2200);
    return scene(now, { recentFixes: fixes, device: device(fixes.at(-1) as Fix, now) });
  };

  it('turns yellow after 5 minutes of heartbeats without a fix', () => {
    const clock = clockAt(5 * MINUTE);
    expect(notGreen(evaluate(noFixSinceT0(clock.now())))).toEqual({ in_outage: 'yellow' });
  });

  it('turns red after 15 minutes', () => {
    const clock = clockAt(15 * MINUTE);
    expect(notGreen(evaluate(noFixSinceT0(clock.now())))).toEqual({ in_outage: 'red' });
  });

  it('goes back to green when fixes come again', () => {
    const clock = clockAt(16 * MINUTE);
    const now = clock.now();
    const fresh = [fixAt(now, 1800)];
    expect(notGreen(evaluate(scene(now, { recentFixes: fresh, device: device(fresh[0] as Fix, now) })))).toEqual({});
  });

  it('keeps the last known outage when the heartbeats stop too, and is_offline rises', () => {
    const now = clockAt(15 * MINUTE).now();
    const fixes = approach(T0, 2200);
    const risks = evaluate(scene(now, { recentFixes: fixes, device: device(fixes.at(-1) as Fix, after(9 * MINUTE)) }));
    expect(notGreen(risks)).toEqual({ in_outage: 'yellow', is_offline: 'yellow' });
  });

  it('stays green while fixes keep coming', () => {
    const now = clockAt(15 * MINUTE).now();
    const fixes = approach(now, 2200);
    const risks = evaluate(scene(now, { recentFixes: fixes, device: device(fixes.at(-1) as Fix, now) }));
    expect(notGreen(risks)).toEqual({});
  });

  it('counts from the start of tracking when no fix ever came', () => {
    const now = clockAt(6 * MINUTE).now();
    const risks = evaluate(scene(now, { recentFixes: [], device: device(null, now), startedAt: T0 }));
    expect(notGreen(risks)).toEqual({ in_outage: 'yellow' });
  });
});

describe('in_low_battery', () => {
  it('turns yellow at 20 % or less', () => {
    const now = clockAt().now();
    const fixes = approach(now, 2200, { battery: [23, 23, 22, 22, 21, 21, 20] });
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({ in_low_battery: 'yellow' });
  });

  it('turns red at 10 % or less', () => {
    const now = clockAt(20 * MINUTE).now();
    const fixes = approach(now, 1200, { battery: [12, 12, 11, 11, 10, 10, 9] });
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({ in_low_battery: 'red' });
  });

  it('goes back to green when the phone is plugged in (its battery rises)', () => {
    const now = clockAt(25 * MINUTE).now();
    const fixes = approach(now, 900, { battery: [9, 9, 9, 10, 10, 11, 11] });
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({});
  });

  it('is green above 20 % and without any battery reading', () => {
    const now = clockAt().now();
    const full = approach(now, 2200, { battery: [21, 21, 21, 21, 21, 21, 21] });
    expect(notGreen(evaluate(scene(now, { recentFixes: full })))).toEqual({});
    const unknown = approach(now, 2200).map((f) => ({ ...f, battery: null }));
    expect(notGreen(evaluate(scene(now, { recentFixes: unknown })))).toEqual({});
  });
});

describe('delayed_from_scheduled_at', () => {
  const scheduledAt = after(30 * MINUTE);

  it('turns yellow when the ETA comes within 5 minutes of scheduled_at', () => {
    const now = clockAt().now();
    const risks = evaluate(scene(now, { scheduledAt, estimate: eta(now, 2860, 26 * 60) }));
    expect(notGreen(risks)).toEqual({ delayed_from_scheduled_at: 'yellow' });
  });

  it('turns red when the ETA is 10 minutes or more after scheduled_at', () => {
    const now = clockAt(MINUTE).now();
    const risks = evaluate(scene(now, { scheduledAt, estimate: eta(now, 2860, 40 * 60) }));
    expect(notGreen(risks)).toEqual({ delayed_from_scheduled_at: 'red' });
  });

  it('goes back to green when the ETA is 5 minutes or more ahead of scheduled_at again', () => {
    const now = clockAt(2 * MINUTE).now();
    const risks = evaluate(scene(now, { scheduledAt, estimate: eta(now, 2860, 22 * 60) }));
    expect(notGreen(risks)).toEqual({});
  });

  it('turns red by the clock alone: an unfinished order is at least as late as now', () => {
    // Parked and without an estimate, fixes still coming: only time passes.
    const parked = (now: Date) => trail(now, [2200, 2200, 2200, 2200]).map((f) => ({ ...f, speed: 0 }));
    const clock = clockAt(26 * MINUTE);
    expect(notGreen(evaluate(scene(clock.now(), { scheduledAt, recentFixes: parked(clock.now()) })))).toEqual({
      delayed_from_scheduled_at: 'yellow',
    });
    clock.advance(14 * MINUTE);
    expect(notGreen(evaluate(scene(clock.now(), { scheduledAt, recentFixes: parked(clock.now()) })))).toEqual({
      delayed_from_scheduled_at: 'red',
    });
  });
});

describe('delayed_from_initial_eta', () => {
  const initialEta = after(20 * MINUTE);

  it('turns yellow when the ETA is 10 minutes later than the first one', () => {
    const now = clockAt(5 * MINUTE).now();
    const risks = evaluate(scene(now, { initialEta, estimate: eta(now, 2860, 25 * 60) }));
    expect(notGreen(risks)).toEqual({ delayed_from_initial_eta: 'yellow' });
  });

  it('turns red when it is 20 minutes later', () => {
    const now = clockAt(6 * MINUTE).now();
    const risks = evaluate(scene(now, { initialEta, estimate: eta(now, 2860, 34 * 60) }));
    expect(notGreen(risks)).toEqual({ delayed_from_initial_eta: 'red' });
  });

  it('goes back to green when the ETA is back within 10 minutes of it', () => {
    const now = clockAt(7 * MINUTE).now();
    const risks = evaluate(scene(now, { initialEta, estimate: eta(now, 2860, 22 * 60) }));
    expect(notGreen(risks)).toEqual({});
  });

  it('treats an ETA already in the past as now', () => {
    const now = clockAt(35 * MINUTE).now();
    const stale = { arriveAt: after(20 * MINUTE), distance: 2860, duration: 286 };
    expect(notGreen(evaluate(scene(now, { initialEta, estimate: stale })))).toEqual({
      delayed_from_initial_eta: 'yellow',
    });
  });
});

describe('moving_too_slow', () => {
  // A road router expects the motorway at 19.5 m/s, so its ETA stays on time; the courier's own
  // recent speed says otherwise. scheduled_at is T0 + 30 min.
  const scheduledAt = after(30 * MINUTE);

  it('turns yellow when the speed needed exceeds the learned speed by 25 %', () => {
    const now = clockAt().now();
    // 23 400 m in 1 800 s needs 13 m/s; the courier does 10 m/s: ratio 1.3.
    const fixes = approach(now, 18_000);
    const risks = evaluate(scene(now, { scheduledAt, recentFixes: fixes, estimate: eta(now, 23_400, 1200) }));
    expect(notGreen(risks)).toEqual({ moving_too_slow: 'yellow' });
  });

  it('turns red when it exceeds it by 50 %', () => {
    const now = clockAt(5 * MINUTE).now();
    // Traffic: 19 500 m in 1 500 s needs 13 m/s; the courier does 8 m/s: ratio 1.625.
    const fixes = approach(now, 15_000, { speed: 8 });
    const risks = evaluate(scene(now, { scheduledAt, recentFixes: fixes, estimate: eta(now, 19_500, 1000) }));
    expect(notGreen(risks)).toEqual({ moving_too_slow: 'red' });
  });

  it('goes back to green when the courier speeds up', () => {
    const now = clockAt(10 * MINUTE).now();
    // 11 700 m in 1 200 s needs 9.75 m/s; the courier does 20 m/s.
    const fixes = approach(now, 9000, { speed: 20 });
    const risks = evaluate(scene(now, { scheduledAt, recentFixes: fixes, estimate: eta(now, 11_700, 600) }));
    expect(notGreen(risks)).toEqual({});
  });

  it('is unknown (green) while no moving speed was learned', () => {
    const now = clockAt().now();
    const parked = trail(now, [18_000, 18_000, 18_000, 18_000]).map((f) => ({ ...f, speed: 0 }));
    const risks = evaluate(scene(now, { scheduledAt, recentFixes: parked, estimate: eta(now, 23_400, 1200) }));
    expect(notGreen(risks)).toEqual({});
  });
});

describe('moving_away_from_destination', () => {
  it('turns yellow when the distance to the destination grew by 200 m', () => {
    const now = clockAt().now();
    // Closest at 1 990 m, now 2 250 m: +260 m.
    const fixes = trail(now, [2000, 1990, 2050, 2120, 2200, 2250]);
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({ moving_away_from_destination: 'yellow' });
  });

  it('turns red when it grew by 500 m', () => {
    const now = clockAt(30 * SECOND).now();
    const fixes = trail(now, [2000, 1990, 2050, 2120, 2200, 2250, 2350, 2500, 2600]);
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({ moving_away_from_destination: 'red' });
  });

  it('goes back to green as soon as the courier turns back', () => {
    const now = clockAt(40 * SECOND).now();
    const fixes = trail(now, [2000, 1990, 2050, 2120, 2200, 2250, 2350, 2500, 2600, 2500]);
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({});
  });

  it('ignores GPS jitter around a standing position', () => {
    const now = clockAt().now();
    const fixes = trail(now, [2000, 2030, 1995, 2040, 2000, 2035, 1990, 2030, 2010, 2045]);
    expect(notGreen(evaluate(scene(now, { recentFixes: fixes })))).toEqual({});
  });
});

describe('deviating_from_expected_route', () => {
  const planned = { expectedPath: MERIDIAN };

  it('turns yellow 500 m off the planned path', () => {
    const now = clockAt().now();
    expect(notGreen(evaluate(scene(now, { ...planned, recentFixes: approach(now, 2200, { east: 600 }) })))).toEqual({
      deviating_from_expected_route: 'yellow',
    });
  });

  it('turns red 1 500 m off it', () => {
    const now = clockAt(MINUTE).now();
    expect(notGreen(evaluate(scene(now, { ...planned, recentFixes: approach(now, 2200, { east: 1600 }) })))).toEqual({
      deviating_from_expected_route: 'red',
    });
  });

  it('goes back to green near it again', () => {
    const now = clockAt(2 * MINUTE).now();
    expect(notGreen(evaluate(scene(now, { ...planned, recentFixes: approach(now, 2200, { east: 100 }) })))).toEqual({});
  });

  it('stays green without a planned path, however far the courier is from the straight line', () => {
    const now = clockAt().now();
    expect(notGreen(evaluate(scene(now, { recentFixes: approach(now, 2200, { east: 5000 }) })))).toEqual({});
  });

  it('follows a threshold the account moved', () => {
    const now = clockAt().now();
    const wide = mergeThresholds(DEFAULT_RISK_THRESHOLDS, { deviating_from_expected_route: { yellow: 1000, red: 3000 } });
    const input = scene(now, { ...planned, recentFixes: approach(now, 2200, { east: 1600 }) });
    expect(notGreen(evaluateRisks(input, wide))).toEqual({ deviating_from_expected_route: 'yellow' });
  });

  it("follows the router's polyline when there is one", () => {
    const now = clockAt().now();
    // The road runs 600 m east of the meridian for most of the way.
    const east600 = 13.4 + 600 / M_PER_DEG_LNG;
    const expectedPath: [number, number][] = [START.coordinates, [east600, 52.3], [east600, 52.52], DEST.coordinates];
    const onRoad = approach(now, 2200, { east: 600 });
    expect(notGreen(evaluate(scene(now, { expectedPath, recentFixes: onRoad })))).toEqual({});
    expect(notGreen(evaluate(scene(now, { expectedPath, recentFixes: approach(now, 2200, { east: 1600 }) })))).toEqual({
      deviating_from_expected_route: 'yellow',
    });
  });
});

describe('evaluateRisks by order state', () => {
  const troubled = (now: Date, over: Partial<RiskInput> = {}) => {
    // Silent for 20 min, 5 % battery, retreating, off the path, 20 min past scheduled_at.
    const fixes = trail(after(-20 * MINUTE), [2000, 2500, 3000]).map((f) => ({ ...f, battery: 5, lng: 13.43 }));
    return scene(now, {
      recentFixes: fixes,
      device: device(fixes.at(-1) as Fix, after(-20 * MINUTE)),
      scheduledAt: after(-20 * MINUTE),
      expectedPath: MERIDIAN,
      ...over,
    });
  };

  it('gives an order not yet started only the delay risks', () => {
    const now = clockAt().now();
    for (const status of ['unplanned', 'planned', 'assigned', 'dispatched'] as const) {
      expect(notGreen(evaluate(troubled(now, { status })))).toEqual({ delayed_from_scheduled_at: 'red' });
    }
  });

  it('evaluates every risk of an ongoing order', () => {
    const now = clockAt().now();
    expect(notGreen(evaluate(troubled(now)))).toEqual({
      is_offline: 'red',
      in_low_battery: 'red',
      delayed_from_scheduled_at: 'red',
      moving_away_from_destination: 'red',
      deviating_from_expected_route: 'red',
    });
  });

  it('leaves the risks of completed, cancelled and disabled orders as they were', () => {
    const now = clockAt().now();
    const previous: Risks = { ...allGreen(), moving_too_slow: 'yellow' };
    for (const status of ['completed', 'cancelled', 'disabled'] as const) {
      expect(evaluate(troubled(now, { status, previous }))).toEqual(previous);
    }
  });

  it('stops movement risks at arrival and freezes the delays at the arrival time', () => {
    const now = clockAt(20 * MINUTE).now();
    // Leaving the destination after arriving is not moving away from it.
    const leaving = trail(now, [0, 100, 300, 700]);
    const scheduledAt = after(5 * MINUTE);
    const early = evaluate(scene(now, { recentFixes: leaving, scheduledAt, arrivedAt: after(2 * MINUTE) }));
    expect(notGreen(early)).toEqual({});
    const late = evaluate(scene(now, { recentFixes: leaving, scheduledAt, initialEta: after(MINUTE), arrivedAt: after(17 * MINUTE) }));
    expect(notGreen(late)).toEqual({ delayed_from_scheduled_at: 'red', delayed_from_initial_eta: 'yellow' });
  });

  it("uses an account's thresholds", () => {
    const now = clockAt(6 * MINUTE).now();
    const fixes = approach(T0, 2200);
    const input = scene(now, { recentFixes: fixes, device: device(fixes.at(-1) as Fix, T0) });
    const lenient = mergeThresholds(DEFAULT_RISK_THRESHOLDS, { is_offline: { yellow: 600, red: 1800 } });
    expect(notGreen(evaluateRisks(input, lenient))).toEqual({});
    const strict = mergeThresholds(DEFAULT_RISK_THRESHOLDS, { is_offline: { yellow: 60, red: 300 } });
    expect(notGreen(evaluateRisks(input, strict))).toEqual({ is_offline: 'red' });
  });
});

describe('riskChanges, isAtRisk, riskUpdatedData', () => {
  const before: Risks = { ...allGreen(), is_offline: 'yellow', moving_too_slow: 'yellow' };
  const after_: Risks = { ...allGreen(), is_offline: 'red', delayed_from_scheduled_at: 'yellow' };

  it('lists each changed risk once, in RISK_KEYS order', () => {
    expect(riskChanges(before, after_)).toEqual([
      { key: 'is_offline', from: 'yellow', to: 'red' },
      { key: 'delayed_from_scheduled_at', from: 'green', to: 'yellow' },
      { key: 'moving_too_slow', from: 'yellow', to: 'green' },
    ]);
    expect(riskChanges(before, { ...before })).toEqual([]);
  });

  it('is at risk when any risk is not green (seed 002: one yellow → risk_status true)', () => {
    expect(isAtRisk(allGreen())).toBe(false);
    expect(isAtRisk({ ...allGreen(), moving_too_slow: 'yellow' })).toBe(true);
  });

  it('renders the risk_updated data of the webhook reference', () => {
    expect(riskUpdatedData(riskChanges(before, after_))).toEqual({
      value: 'risk_updated',
      risks: {
        is_offline: { intensity_label: 'red', intensity_value: 1, previous_intensity_label: 'yellow' },
        delayed_from_scheduled_at: {
          intensity_label: 'yellow',
          intensity_value: 0.5,
          previous_intensity_label: 'green',
        },
        moving_too_slow: { intensity_label: 'green', intensity_value: 0, previous_intensity_label: 'yellow' },
      },
    });
  });
});
