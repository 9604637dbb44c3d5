/**
 * The load generator of bench/fleet.ts, in a process of its own (forked, IPC): N phones, each
 * sending one OsmAnd fix every `intervalMs`, spread evenly (phone i at i/N of the interval). A
 * fix's latency runs from when it was DUE to its reply, so a server that falls behind shows up
 * as latency (requests queue here), not as a lower offered rate.
 */
import http from 'node:http';

export interface FleetLoadSpec {
  osmandUrl: string;
  deviceIds: string[];
  starts: [number, number][];
  intervalMs: number;
  warmupSeconds: number;
  seconds: number;
  /** When the first phone's first fix is due (epoch ms); the phones' history before it was back-filled. */
  startAt: number;
}

export interface FleetLoadResult {
  /** Fixes due during the measured seconds, and of those the answered with 200. */
  offered: number;
  accepted: number;
  failed: number;
  /** Still unanswered when the measurement ended. */
  unanswered: number;
  seconds: number;
  p50: number;
  p99: number;
  maxMs: number;
  maxInFlight: number;
  statusCodes: Record<string, number>;
}

const METRES_PER_DEG_LAT = 111_320;
const SPEED_MPS = 12;
const KNOTS_PER_MPS = 1.943844;

function run(spec: FleetLoadSpec): Promise<FleetLoadResult> {
  const n = spec.deviceIds.length;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });
  const target = new URL(spec.osmandUrl);
  const start = Math.max(spec.startAt, Date.now() + 200);
  const measureFrom = start + spec.warmupSeconds * 1000;
  const measureTo = measureFrom + spec.seconds * 1000;
  const spacing = spec.intervalMs / n;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let offered = 0;
  let accepted = 0;
  let failed = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let measuredInFlight = 0;
  let j = 0;

  const send = (k: number) => {
    const device = k % n;
    const round = Math.floor(k / n);
    const due = start + k * spacing;
    const measured = due >= measureFrom && due < measureTo;
    const [lng0, lat0] = spec.starts[device]!;
    const east = (SPEED_MPS * round * spec.intervalMs) / 1000;
    const q = new URLSearchParams({
      id: spec.deviceIds[device]!,
      lat: lat0.toFixed(7),
      lon: (lng0 + east / (METRES_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180))).toFixed(7),
      timestamp: (due / 1000).toFixed(3),
      speed: (SPEED_MPS * KNOTS_PER_MPS).toFixed(2),
      bearing: '90',
      accuracy: '5',
      batt: '80',
    });
    if (measured) {
      offered++;
      measuredInFlight++;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const done = (status: string) => {
      inFlight--;
      if (!measured) return;
      measuredInFlight--;
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      if (status === '200') {
        accepted++;
        latencies.push(Date.now() - due);
      } else failed++;
    };
    const req = http.request({ host: target.hostname, port: target.port, method: 'POST', path: `/?${q}`, agent, headers: { 'content-length': 0 } }, (res) => {
      res.resume();
      res.on('end', () => done(String(res.statusCode)));
    });
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => done('error'));
    req.end();
  };

  return new Promise((resolve) => {
    const tick = () => {
      const now = Date.now();
      while (start + j * spacing <= now && start + j * spacing < measureTo) send(j++);
      if (start + j * spacing < measureTo) {
        setTimeout(tick, Math.max(0, start + j * spacing - Date.now()));
        return;
      }
      // Every fix due in the window was sent: wait for the stragglers (at most 30 s more).
      const deadline = Date.now() + 30_000;
      const finish = () => {
        if (measuredInFlight > 0 && Date.now() < deadline) return void setTimeout(finish, 50);
        latencies.sort((a, b) => a - b);
        const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
        agent.destroy();
        resolve({
          offered,
          accepted,
          failed,
          unanswered: measuredInFlight,
          seconds: spec.seconds,
          p50: pct(50),
          p99: pct(99),
          maxMs: latencies.at(-1) ?? NaN,
          maxInFlight,
          statusCodes,
        });
      };
      finish();
    };
    setTimeout(tick, Math.max(0, start - Date.now()));
  });
}

process.once('message', (spec: FleetLoadSpec) => {
  void run(spec).then((r) => {
    process.send!(r, () => process.exit(0));
  });
});
