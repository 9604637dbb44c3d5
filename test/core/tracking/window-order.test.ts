import { describe, expect, it } from 'vitest';
import { learnedSpeed } from '../../../src/core/tracking/eta.ts';
import type { Fix } from '../../../src/core/tracking/fix.ts';
import { measureRisks, type RiskInput } from '../../../src/core/tracking/risks.ts';
import { extendWindow, RECENT_LIMIT } from '../../../src/services/tracking/recent-fix-windows.ts';

// The hot path skips sorts when its inputs are already in time order (they are, from the
// pipeline). Whatever the order they come in, the answers must be those of the sorted inputs.

const T0 = Date.parse('2031-06-01T08:00:00.000Z');
/** A drive north-east with a battery running down, one fix every `i` × 3 s; `seed` shuffles. */
const trip = (n: number, from = 0): Fix[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      recordedAt: new Date(T0 + i * 3000),
      lng: 13.4 + i * 0.0003 + ((i * 7919) % 13) * 1e-6,
      lat: 52.5 + i * 0.0002,
      altitude: null,
      accuracy: 5,
      speed: i % 5 === 0 ? null : 8 + (i % 7),
      bearing: null,
      battery: 90 - Math.floor(i / 10),
      activity: null,
    };
  });
const shuffled = <T>(xs: readonly T[]): T[] => {
  const out = [...xs];
  let s = 7;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};
const byTime = (xs: readonly Fix[]) => [...xs].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());

/** extendWindow by its definition: everything since `since`, oldest first, the newest RECENT_LIMIT. */
const windowOf = (all: readonly Fix[], since: Date) => byTime(all.filter((f) => f.recordedAt >= since)).slice(-RECENT_LIMIT);

describe('extendWindow', () => {
  const since = new Date(T0 + 30 * 3000);
  it('slides a window over a batch that follows it', () => {
    const window = windowOf(trip(150), since);
    const fresh = trip(120, 150);
    expect(extendWindow(window, fresh, since)).toEqual(windowOf([...window, ...fresh], since));
    expect(extendWindow(window, fresh, since)).toHaveLength(RECENT_LIMIT);
  });
  it('merges a batch that overlaps the window or comes out of order', () => {
    const all = trip(260);
    const window = windowOf(
      all.filter((_, i) => i % 2 === 0),
      since,
    );
    const fresh = shuffled(all.filter((_, i) => i % 2 === 1 && i > 100));
    expect(extendWindow(window, fresh, since)).toEqual(windowOf([...window, ...fresh], since));
  });
});

describe('risk measures and learned speed', () => {
  const destination = { geometry: { type: 'Point' as const, coordinates: [13.38, 52.49] as [number, number] }, radius: 100 };
  // Driving away from it: the retreat run covers the whole window.
  const input = (recentFixes: readonly Fix[], lastFix: Fix | null): RiskInput => ({
    now: new Date(T0 + 200 * 3000),
    status: 'ongoing',
    previous: {} as RiskInput['previous'],
    scheduledAt: new Date(T0 + 400 * 3000),
    destination,
    device: { deviceId: 'd', accountId: 'a', lastFix, lastSeenAt: new Date(T0 + 200 * 3000) },
    recentFixes,
    estimate: { arriveAt: new Date(T0 + 300 * 3000), distance: 9000, duration: 900 },
    initialEta: new Date(T0 + 280 * 3000),
    expectedPath: [
      [13.4, 52.5],
      [13.38, 52.49],
    ],
    startedAt: new Date(T0),
  });
  const fixes = trip(200);
  const cases: [string, Fix | null][] = [
    ['the device’s newest fix ends the window', fixes.at(-1)!],
    ['the device’s newest fix is past the window', trip(1, 205)[0]!],
    ['the device’s newest fix is inside the window (history arrived late)', fixes[120]!],
    ['no fix known to the device', null],
  ];
  it.each(cases)('measure the same from a shuffled window: %s', (_, last) => {
    expect(measureRisks(input(fixes, last)).moving_away_from_destination).toBeGreaterThan(1000);
    expect(measureRisks(input(shuffled(fixes), last))).toEqual(measureRisks(input(fixes, last)));
  });
  it('a given learned speed is the one measured', () => {
    const speed = learnedSpeed(fixes, new Date(T0 + 200 * 3000));
    expect(speed).not.toBeNull();
    expect(measureRisks({ ...input(fixes, fixes.at(-1)!), learnedSpeedMps: speed })).toEqual(measureRisks(input(fixes, fixes.at(-1)!)));
    expect(learnedSpeed(shuffled(fixes), new Date(T0 + 200 * 3000))).toBe(speed);
  });
});
