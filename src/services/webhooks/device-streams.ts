import type { DeviceState } from '../../core/tracking/device-state.ts';
import { DEFAULT_DEVICE_NEWS, deviceNews } from '../../core/tracking/device-news.ts';
import type { Fix } from '../../core/tracking/fix.ts';
import type { RiskThresholds } from '../../core/tracking/risk-thresholds.ts';
import type { StreamItem } from '../../core/webhook.ts';
import type { NewOutboxEvent } from '../../store/repos/webhook-outbox.repo.ts';
import { streamEvent } from './streams.ts';

/** GeoJSON with the altitude as third coordinate when known (HyperTrack's location envelope). */
const geometryOf = (f: Fix) => ({ type: 'Point' as const, coordinates: f.altitude === null ? [f.lng, f.lat] : [f.lng, f.lat, f.altitude] });

const ACTIVITIES = new Set(['stop', 'walk', 'drive']);

export interface HeardDevice {
  accountId: string;
  deviceId: string;
  workerHandle: string | null;
  previous: DeviceState | null;
  fresh: readonly Fix[];
}

/**
 * The device webhooks of one ingested batch (reference §8): its sampled fixes as ONE `location`
 * event of several envelopes, `battery` status changes, and `device_status` `active` when the
 * device starts sending again. Written by the batch's own statement, with its fixes.
 */
export function deviceOutbox(d: HeardDevice, thresholds: RiskThresholds, now: Date, locationsWanted: boolean): NewOutboxEvent[] {
  const news = deviceNews(d.previous, d.fresh, {
    ...DEFAULT_DEVICE_NEWS,
    lowBatteryPercent: thresholds.in_low_battery.yellow,
    activeAfterSeconds: thresholds.is_offline.red,
  });
  const event = (stream: 'location' | 'battery' | 'device_status', items: StreamItem[]) =>
    streamEvent({
      accountId: d.accountId,
      stream,
      owner: 'device',
      key: d.deviceId,
      deviceId: d.deviceId,
      workerHandle: d.workerHandle,
      items,
      createdAt: now,
    });
  const out: NewOutboxEvent[] = [];
  if (news.active) {
    const f = news.active;
    const data: Record<string, unknown> = { value: 'active' };
    if (f.activity && ACTIVITIES.has(f.activity)) data.activity = f.activity;
    out.push(event('device_status', [{ recorded_at: f.recordedAt.toISOString(), data, location: geometryOf(f) }]));
  }
  // One row per batch is the one device event worth gating: none when no endpoint takes locations.
  if (locationsWanted && news.locations.length > 0) {
    out.push(
      event(
        'location',
        news.locations.map((f) => ({
          recorded_at: f.recordedAt.toISOString(),
          // The device location object's fields (geometry, accuracy, speed, bearing), as the Devices API shows it.
          data: { geometry: geometryOf(f), accuracy: f.accuracy, speed: f.speed, bearing: f.bearing, recorded_at: f.recordedAt.toISOString() },
          location: geometryOf(f),
        })),
      ),
    );
  }
  for (const b of news.battery) {
    out.push(
      event('battery', [{ recorded_at: b.fix.recordedAt.toISOString(), data: { value: b.value, battery_percent: b.percent }, location: geometryOf(b.fix) }]),
    );
  }
  return out;
}
