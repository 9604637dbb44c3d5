import type { SimFix } from './trip.ts';

export type Protocol = 'osmand' | 'native';

const KNOTS_PER_MPS = 1.943844;

/** One fix as a GPS app or the native SDK would send it; resolves to the HTTP status. */
export async function postFix(
  protocol: Protocol,
  server: { url: string; authorization: string },
  deviceId: string,
  fix: SimFix,
  recordedAt: Date,
): Promise<number> {
  if (protocol === 'osmand') {
    // Traccar Client ≤ 8 shape (location-ingest.md §2.1): everything in the query, empty POST body,
    // speed in knots, unix seconds.
    const q = new URLSearchParams({
      id: deviceId,
      lat: fix.position[1].toFixed(7),
      lon: fix.position[0].toFixed(7),
      timestamp: (recordedAt.getTime() / 1000).toFixed(3),
      speed: (fix.speedMps * KNOTS_PER_MPS).toFixed(2),
      bearing: String(fix.bearing),
      accuracy: String(fix.accuracy),
      batt: String(fix.battery),
    });
    const res = await fetch(`${server.url}/osmand?${q}`, { method: 'POST' });
    await res.arrayBuffer();
    return res.status;
  }
  const res = await fetch(`${server.url}/devices/${encodeURIComponent(deviceId)}/locations`, {
    method: 'POST',
    headers: { authorization: server.authorization, 'content-type': 'application/json' },
    body: JSON.stringify([
      {
        recorded_at: recordedAt.toISOString(),
        lat: fix.position[1],
        lng: fix.position[0],
        accuracy: fix.accuracy,
        speed: fix.speedMps,
        bearing: fix.bearing,
        battery: fix.battery,
        activity: fix.speedMps > 0 ? 'drive' : 'stop',
      },
    ]),
  });
  await res.arrayBuffer();
  return res.status;
}
