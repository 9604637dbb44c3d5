/**
 * Request streams for bench/ingest.ts, built inside the load worker (bench/lib/load.ts
 * `generator`): hundreds of thousands of fixes are too many to ship as prepared bodies.
 * Request k goes to device k mod D; each device drives east at 12 m/s with a fix every
 * `stepMs`, so every fix is new, in order, plausible (no teleport) and within the server's
 * 5-minute future allowance.
 */
export interface IngestStreamArgs {
  mode: 'native' | 'bare' | 'osmand';
  deviceIds: string[];
  starts: [number, number][];
  t0Ms: number;
  stepMs: number;
  /** The first per-device fix sequence number this stream uses. */
  seqStart: number;
  /** Fixes per request (1 for osmand). */
  batch: number;
}

const METRES_PER_DEG_LAT = 111_320;
const SPEED_MPS = 12;
const KNOTS_PER_MPS = 1.943844;

export function fixAt(a: Pick<IngestStreamArgs, 'starts' | 't0Ms' | 'stepMs'>, device: number, seq: number) {
  const [lng0, lat0] = a.starts[device]!;
  const east = (SPEED_MPS * seq * a.stepMs) / 1000;
  return {
    recorded_at: new Date(a.t0Ms + seq * a.stepMs).toISOString(),
    lng: lng0 + east / (METRES_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180)),
    lat: lat0,
    accuracy: 5,
    speed: SPEED_MPS,
    bearing: 90,
    battery: 80,
  };
}

export function createRequests(a: IngestStreamArgs): () => { path: string; body?: string } | undefined {
  const devices = a.deviceIds.length;
  let k = 0;
  return () => {
    const device = k % devices;
    const round = Math.floor(k / devices);
    k++;
    const id = a.deviceIds[device]!;
    const first = a.seqStart + round * a.batch;
    if (a.mode === 'osmand') {
      const f = fixAt(a, device, first);
      const q = new URLSearchParams({
        id,
        lat: f.lat.toFixed(7),
        lon: f.lng.toFixed(7),
        timestamp: (Date.parse(f.recorded_at) / 1000).toFixed(3),
        speed: (f.speed * KNOTS_PER_MPS).toFixed(2),
        bearing: String(f.bearing),
        accuracy: String(f.accuracy),
        batt: String(f.battery),
      });
      return { path: `/osmand?${q}` };
    }
    const fixes = Array.from({ length: a.batch }, (_, j) => fixAt(a, device, first + j));
    const path = a.mode === 'native' ? `/devices/${id}/locations` : `/__bench/ingest/${id}`;
    return { path, body: JSON.stringify(fixes) };
  };
}

/** How many per-device sequence numbers a stream that sent `requests` requests consumed. */
export const seqsUsed = (requests: number, devices: number, batch: number) => Math.ceil(requests / devices) * batch;
