import { describe, expect, it } from 'vitest';
import { allGreen } from '../../../src/core/order/types.ts';
import type { DeviceState } from '../../../src/core/tracking/device-state.ts';
import { DEFAULT_DEVICE_NEWS, deviceNews, deviceStatusFromRisks } from '../../../src/core/tracking/device-news.ts';
import type { Fix } from '../../../src/core/tracking/fix.ts';

const T0 = Date.parse('2030-01-01T09:00:00.000Z');
const fix = (seconds: number, battery: number | null = 80): Fix => ({
  recordedAt: new Date(T0 + seconds * 1000),
  lng: 13.4,
  lat: 52.5,
  altitude: null,
  accuracy: 5,
  speed: null,
  bearing: null,
  battery,
  activity: null,
});
const state = (last: Fix): DeviceState => ({ deviceId: 'D', accountId: 'A', lastFix: last, lastSeenAt: last.recordedAt });
const secondsOf = (fixes: Fix[]) => fixes.map((f) => (f.recordedAt.getTime() - T0) / 1000);

describe('device news from a batch of fixes', () => {
  it('a first fix makes the device active; one after a long gap again, one after a short gap not', () => {
    expect(deviceNews(null, [fix(0)]).active).toEqual(fix(0));
    expect(deviceNews(state(fix(0)), [fix(901)]).active).toEqual(fix(901));
    expect(deviceNews(state(fix(0)), [fix(900)]).active).toBeNull();
  });

  it('samples locations to one per 10 s of fix time, counting from the last fix, always keeping the newest', () => {
    const batch = Array.from({ length: 13 }, (_, i) => fix(5 + 2 * i));
    // Out of order on purpose: the batch is sorted by fix time.
    expect(secondsOf(deviceNews(state(fix(0)), [...batch].reverse()).locations)).toEqual([11, 21, 29]);
    expect(secondsOf(deviceNews(null, batch).locations)).toEqual([5, 15, 25, 29]);
    expect(deviceNews(state(fix(0)), batch, { ...DEFAULT_DEVICE_NEWS, maxLocations: 2 }).locations).toHaveLength(2);
  });

  it('fixes older than the device’s newest are history: no news at all', () => {
    expect(deviceNews(state(fix(100)), [fix(50, 5)])).toEqual({ locations: [], battery: [], active: null });
  });

  it('battery: low at or below the threshold, charging while readings rise, normal again when falling above it', () => {
    const news = deviceNews(state(fix(0, 30)), [fix(10, 25), fix(20, 20), fix(30, 19), fix(40, 22), fix(50, 22), fix(60, 21), fix(70, null)]);
    expect(news.battery.map((b) => [b.value, b.percent])).toEqual([
      ['low', 20],
      ['charging', 22],
      ['normal', 21],
    ]);
  });

  it('a first battery reading is news only when it is low', () => {
    expect(deviceNews(null, [fix(0, 50)]).battery).toEqual([]);
    expect(deviceNews(null, [fix(0, 12)]).battery.map((b) => b.value)).toEqual(['low']);
  });

  it('the sweep’s risk changes: is_offline red is disconnected, in_outage red inactive, anything else nothing', () => {
    const green = allGreen();
    expect(deviceStatusFromRisks(green, { ...green, is_offline: 'red' })).toEqual({ value: 'disconnected' });
    expect(deviceStatusFromRisks(green, { ...green, in_outage: 'red' })).toEqual({ value: 'inactive', reason: 'location_unavailable' });
    expect(deviceStatusFromRisks({ ...green, is_offline: 'red' }, { ...green, is_offline: 'red' })).toBeNull();
    expect(deviceStatusFromRisks(green, { ...green, is_offline: 'yellow' })).toBeNull();
  });
});
