import { randomBytes } from 'node:crypto';
import { type Protocol, postFix } from './post-fix.ts';
import { between, seededRng } from './prng.ts';
import { DEFAULT_TRIP, generateTrip, offset, type LngLat, type Trip, type TripOptions } from './trip.ts';

export interface SimulationOptions {
  /** Server origin, e.g. http://127.0.0.1:3000 */
  url: string;
  accountId: string;
  secretKey: string;
  drivers: number;
  /** Seconds of simulated time between fixes. */
  rateSeconds: number;
  /** Simulated seconds per real second. */
  speedup: number;
  protocol: Protocol;
  seed: number;
  /** Drivers start within `spreadMetres` of this point (default: downtown San José). */
  center?: LngLat;
  spreadMetres?: number;
  trip?: Partial<Omit<TripOptions, 'start' | 'rateSeconds'>>;
  /**
   * How far a fix's time may run ahead of the wall clock. The server drops fixes more than
   * 5 minutes in its future (native-api.md, Live tracking), so past this lead the simulation
   * waits for the clock instead of compressing further.
   */
  maxLeadSeconds?: number;
  onProgress?: (p: SimulationProgress) => void;
  /**
   * Ends the run early (Ctrl-C): no more fixes are sent and the orders it started that are not
   * finished are cancelled, so a stopped simulation leaves no order tracking forever.
   */
  signal?: AbortSignal;
}

export interface SimulationProgress {
  drivers: number;
  driving: number;
  fixesSent: number;
  errors: number;
  elapsedMs: number;
}

export interface SimulatedDriver {
  workerHandle: string;
  deviceId: string;
  orderHandle: string;
  trip: Trip;
}

export interface SimulationResult extends SimulationProgress {
  driverRuns: SimulatedDriver[];
  /** True when `signal` ended the run: its orders were cancelled, not completed. */
  aborted: boolean;
}

/** Waits `ms`, or less when `signal` aborts meanwhile. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Drives `drivers` simulated trips against a running server through its public API: a worker
 * with a device and a tracked order per driver (destination = the trip's end), fixes posted one
 * by one as a phone would, then every order completed.
 */
export async function runSimulation(o: SimulationOptions): Promise<SimulationResult> {
  const authorization = `Basic ${Buffer.from(`${o.accountId}:${o.secretKey}`).toString('base64')}`;
  const server = { url: o.url.replace(/\/$/, ''), authorization };
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 300)}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };

  const rng = seededRng(o.seed);
  const center = o.center ?? [-121.8863, 37.3382];
  const spread = o.spreadMetres ?? 3000;
  const run = `sim-${o.seed}-${randomBytes(3).toString('hex')}`;
  const tripOptions = { ...DEFAULT_TRIP, ...o.trip, rateSeconds: o.rateSeconds };
  const driverRuns: SimulatedDriver[] = [];
  for (let i = 0; i < o.drivers && !o.signal?.aborted; i++) {
    const start = offset(center, between(rng, 0, 360), spread * Math.sqrt(rng()));
    const trip = generateTrip(rng, { ...tripOptions, start });
    const workerHandle = `${run}-driver-${i + 1}`;
    // The device id is the OsmAnd credential (gps-apps.md): make it unguessable.
    const deviceId = randomBytes(12).toString('hex');
    const orderHandle = `${run}-order-${i + 1}`;
    await api('POST', '/workers', { worker_handle: workerHandle, name: `Simulated driver ${i + 1}`, device_id: deviceId });
    await api('POST', '/orders/track', {
      worker_handle: workerHandle,
      track_mode: 'on_time',
      orders: [
        {
          order_handle: orderHandle,
          destination: { geometry: { type: 'Point', coordinates: trip.destination }, radius: 50 },
          scheduled_at: new Date(Date.now() + (trip.seconds + 600) * 1000).toISOString(),
        },
      ],
    });
    driverRuns.push({ workerHandle, deviceId, orderHandle, trip });
  }

  // Simulated time starts now (fixes before an order's creation do not count toward it).
  const t0 = Date.now() + 1000;
  const maxLeadMs = (o.maxLeadSeconds ?? 240) * 1000;
  const progress: SimulationProgress = { drivers: o.drivers, driving: o.drivers, fixesSent: 0, errors: 0, elapsedMs: 0 };
  const report = () => o.onProgress?.({ ...progress, elapsedMs: Math.max(0, Date.now() - t0) });
  const ticker = setInterval(report, 250);
  try {
    await Promise.all(
      driverRuns.map(async (d) => {
        for (const fix of d.trip.fixes) {
          const recordedAt = new Date(t0 + fix.t * 1000);
          const due = Math.max(t0 + (fix.t * 1000) / o.speedup, recordedAt.getTime() - maxLeadMs);
          await sleep(due - Date.now(), o.signal);
          if (o.signal?.aborted) break;
          try {
            const status = await postFix(o.protocol, server, d.deviceId, fix, recordedAt);
            if (status >= 200 && status < 300) progress.fixesSent++;
            else progress.errors++;
          } catch {
            progress.errors++;
          }
        }
        progress.driving--;
      }),
    );
  } finally {
    clearInterval(ticker);
  }
  const aborted = o.signal?.aborted === true;
  const end = aborted ? 'cancel' : 'complete';
  for (const d of driverRuns) await api('POST', `/orders/${encodeURIComponent(d.orderHandle)}/${end}`);
  progress.elapsedMs = Date.now() - t0;
  report();
  return { ...progress, driverRuns, aborted };
}

export const formatProgress = (p: SimulationProgress) =>
  `drivers ${p.driving}/${p.drivers} driving · fixes sent ${p.fixesSent} · errors ${p.errors} · elapsed ${(p.elapsedMs / 1000).toFixed(1)} s`;
