/**
 * `npm run bench:fleet`: the real server (`dropline serve`, every background task on: the risk
 * sweep at its period, the webhook dispatcher, the courier tick) in a process of its own on a
 * fresh PostgreSQL database, N phones sending OsmAnd fixes from another process
 * (bench/fleet-load.ts), each phone's worker with one ongoing order. Prints, per fleet size,
 * fixes/s accepted against offered, latency from "fix due" to reply, server RSS, server and
 * PostgreSQL CPU, and the risk sweep's durations (from /metrics), then a sweep with every
 * order due at once.
 *
 * Knobs: BENCH_FLEET_SIZES (default 10000; e.g. 1000,3000,10000), BENCH_SECONDS (90),
 * BENCH_WARMUP_SECONDS (20), BENCH_INTERVAL_MS (10000), BENCH_SERVER_NODE_ARGS (node flags for
 * the server), and any DROPLINE_* variable, which is passed to the server (e.g.
 * DROPLINE_RISK_SWEEP_SECONDS).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';
import { createAccount } from '../src/services/accounts/create-account.ts';
import { createDeps } from '../src/services/deps.ts';
import { openStore } from '../src/store/open-store.ts';
import type { FleetLoadResult, FleetLoadSpec } from './fleet-load.ts';
import { onCleanup, runCleanup } from './lib/cleanup.ts';
import { freshDatabase } from './lib/database.ts';
import { envInt } from './lib/env.ts';
import { fmtInt, fmtMs, formatTable } from './lib/table.ts';
import { alongsideParts, DIALECTS } from '../src/dialects.ts';

const SIZES = (process.env.BENCH_FLEET_SIZES ?? String(envInt('BENCH_DEVICES', 10_000)))
  .split(',')
  .map((s) => Number(s.trim()))
  .sort((a, b) => a - b);
const SECONDS = envInt('BENCH_SECONDS', 90);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 20);
const INTERVAL_MS = envInt('BENCH_INTERVAL_MS', 10_000);
const SEED_CONCURRENCY = 16;
const TARGET = { p99Ms: 250, rssMb: 300, sweepShare: 0.1 };
const ROOT = new URL('..', import.meta.url);
const TICK_HZ = 100;
/** As bench/fleet-load.ts drives. */
const SPEED_MPS = 12;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** utime + stime of a process, in seconds; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK_HZ;
  } catch {
    return 0;
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Every postgres process on the machine (the server is shared: other sessions' load counts too). */
function postgresPids(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') out.push(Number(name));
    } catch {}
  }
  return out;
}

const sumCpu = (pids: readonly number[]) => pids.reduce((s, p) => s + cpuSeconds(p), 0);

interface Server {
  proc: ChildProcess;
  url: string;
  osmandUrl: string;
  stop(): Promise<void>;
}

async function startServerProcess(databaseUrl: string): Promise<Server> {
  const [port, osmandPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DROPLINE_') || k.startsWith('MALLOC_'))),
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DROPLINE_OSMAND_PORT: String(osmandPort),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The server runs as `npm start` runs it (package.json): fewer malloc arenas, a small young generation.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
  };
  // BENCH_SERVER_NODE_ARGS replaces npm start's node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '--max-semi-space-size=8').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, 'bin/dropline.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  const release = onCleanup(stop);
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited with code ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('server not ready after 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, url, osmandUrl: `http://127.0.0.1:${osmandPort}`, stop: release };
}

/** Workers `from`..`to`-1, each with its own device and one ongoing order 5 km north (never reached). */
async function seed(url: string, authorization: string, from: number, to: number): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(url + path, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${path} -> ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
  };
  let next = from;
  const lane = async () => {
    while (next < to) {
      const i = next++;
      const handle = `fleet-${i}`;
      const [lng, lat] = startOf(i);
      await post('/workers', { worker_handle: handle, name: `Driver ${i}`, device_id: deviceOf(i) });
      await post('/orders/track', {
        worker_handle: handle,
        track_mode: 'on_time',
        orders: [
          {
            order_handle: handle,
            destination: { geometry: { type: 'Point', coordinates: [lng, lat + 0.045] }, radius: 100 },
            scheduled_at: new Date(Date.now() + 6 * 3_600_000).toISOString(),
          },
        ],
      });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, lane));
}

const deviceOf = (i: number) => `fleet-device-${i}`;
const startOf = (i: number): [number, number] => [13.3 + (i % 100) * 0.004, 52.4 + Math.floor(i / 100) * 0.004];

function runLoadProcess(spec: FleetLoadSpec): Promise<FleetLoadResult> {
  const child = fork(new URL('./fleet-load.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const release = onCleanup(() => void child.kill());
  child.send(spec);
  return new Promise((resolve, reject) => {
    child.once('message', (r: FleetLoadResult) => {
      void release();
      resolve(r);
    });
    child.once('exit', (code) => reject(new Error(`load generator exited with code ${code} before reporting`)));
  });
}

interface SweepMetrics {
  count: number;
  sum: number;
  last: number;
  orders: number;
}

async function sweepMetrics(url: string): Promise<SweepMetrics> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  let orders = 0;
  for (const m of text.matchAll(/^dropline_risk_sweep_orders_total\{[^}]*\} (\S+)$/gm)) orders += Number(m[1]);
  return {
    count: value(/^dropline_risk_sweep_duration_seconds_count (\S+)$/m),
    sum: value(/^dropline_risk_sweep_duration_seconds_sum (\S+)$/m),
    last: value(/^dropline_risk_sweep_last_duration_seconds (\S+)$/m),
    orders,
  };
}

/** What the server's heap holds (prom-client's default metrics on /metrics), in MB. */
async function heapBreakdown(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0) / 1_048_576;
  const committed = new Map(
    [...text.matchAll(/^dropline_nodejs_heap_space_size_total_bytes\{space="([^"]+)"\} (\S+)$/gm)].map((m) => [m[1]!, Number(m[2]) / 1_048_576]),
  );
  const spaces = [...text.matchAll(/^dropline_nodejs_heap_space_size_used_bytes\{space="([^"]+)"\} (\S+)$/gm)]
    .map((m) => [m[1]!, Number(m[2]) / 1_048_576] as const)
    .filter(([k, v]) => v >= 1 || (committed.get(k) ?? 0) >= 1)
    .map(([k, v]) => `${k.replace(/_space$/, '')} ${v.toFixed(0)}/${(committed.get(k) ?? 0).toFixed(0)}`);
  return (
    `heap used ${mb(/^dropline_nodejs_heap_size_used_bytes (\S+)$/m).toFixed(0)} of ${mb(/^dropline_nodejs_heap_size_total_bytes (\S+)$/m).toFixed(0)} MB ` +
    `(used/committed: ${spaces.join(', ')}), external ${mb(/^dropline_nodejs_external_memory_bytes (\S+)$/m).toFixed(0)} MB`
  );
}

/** The process's resident memory by kind (/proc/<pid>/smaps_rollup): anonymous (heaps, malloc) and file-backed (code). */
function residentBreakdown(pid: number): string {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return `RSS ${(kb('Rss') / 1024).toFixed(0)} MB = anonymous ${(kb('Anonymous') / 1024).toFixed(0)} + file-backed ${((kb('Rss') - kb('Anonymous')) / 1024).toFixed(0)}`;
}

interface Figures {
  devices: number;
  load: FleetLoadResult;
  rssIdle: number;
  rssSteady: number;
  rssPeak: number;
  serverCores: number;
  pgCores: number;
  pgAllCores: number;
  sweepSeconds: number;
  sweeps: number[];
  sweepOrders: number;
  allDue: { seconds: number; orders: number };
  heap: string;
}

async function measure(databaseUrl: string, dbName: string, authorization: string, devices: number, seeded: number): Promise<Figures> {
  const server = await startServerProcess(databaseUrl);
  try {
    if (seeded < devices) {
      const t = Date.now();
      await seed(server.url, authorization, seeded, devices);
      console.log(
        `  seeded workers ${fmtInt(seeded)}..${fmtInt(devices - 1)} (each with its device and an ongoing order) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query('vacuum analyze');
    const pid = server.proc.pid!;
    // The orders just created are all due (a new order's first check): let one sweep take them
    // before the load starts, so the measurement sees the steady state (the burst is measured
    // on its own below, "sweep, all due").
    const settled = (await sweepMetrics(server.url)).count;
    while ((await sweepMetrics(server.url)).count === settled) await new Promise((r) => setTimeout(r, 250));
    const rssIdle = rssMb(pid);
    const sweepSeconds = Number(process.env.DROPLINE_RISK_SWEEP_SECONDS ?? 30);

    // Ten minutes of history per phone, as if each had been driving: the recent-fix windows the
    // server keeps (and reads on a cache miss) are full from the first fix, as in steady state.
    const startAt = Date.now() + 15_000;
    const filled = Date.now();
    await admin.query(
      `insert into device_locations (device_id, recorded_at, lng, lat, accuracy, speed, bearing, battery, received_at)
       select 'fleet-device-' || i, to_timestamp(($1::float8 - ($4::int - k) * $2::float8 + i * $2::float8 / $3) / 1000.0),
         13.3 + (i % 100) * 0.004 - ${SPEED_MPS} * ($4::int - k) * $2::float8 / 1000 / (111320 * cos(radians(52.4 + (i / 100) * 0.004))),
         52.4 + (i / 100) * 0.004, 5, ${SPEED_MPS}, 90, 80, now()
       from generate_series(0, $3 - 1) as i, generate_series(0, $4::int - 1) as k
       on conflict do nothing`,
      [startAt, INTERVAL_MS, devices, Math.floor(600_000 / INTERVAL_MS)],
    );
    console.log(`  back-filled 10 minutes of history per phone in ${((Date.now() - filled) / 1000).toFixed(1)} s`);
    const spec: FleetLoadSpec = {
      startAt,
      osmandUrl: server.osmandUrl,
      deviceIds: Array.from({ length: devices }, (_, i) => deviceOf(i)),
      starts: Array.from({ length: devices }, (_, i) => startOf(i)),
      intervalMs: INTERVAL_MS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
    };
    const loading = runLoadProcess(spec);
    // Samples over the measured window only (the load process warms up first).
    await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000 + 200));
    const backendPids = (
      await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])
    ).rows.map((r) => r.pid);
    const allPg = postgresPids();
    const cpu0 = { server: cpuSeconds(pid), pg: sumCpu(backendPids), pgAll: sumCpu(allPg), at: performance.now() };
    const sweeps0 = await sweepMetrics(server.url);
    const rss: number[] = [];
    const sweeps: number[] = [];
    let seenSweeps = sweeps0.count;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        rss.push(rssMb(pid));
        const m = await sweepMetrics(server.url);
        if (m.count > seenSweeps) {
          sweeps.push(m.last);
          seenSweeps = m.count;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    const load = await loading;
    sampling = false;
    await sampler;
    const wall = (performance.now() - cpu0.at) / 1000;
    const cpu = { server: cpuSeconds(pid) - cpu0.server, pg: sumCpu(backendPids) - cpu0.pg, pgAll: sumCpu(allPg) - cpu0.pgAll };
    const sweeps1 = await sweepMetrics(server.url);
    const heap = `${await heapBreakdown(server.url)}; ${residentBreakdown(pid)}`;
    const half = rss.slice(Math.floor(rss.length / 2)).sort((a, b) => a - b);

    // Worst case: every ongoing order due at once (an outage of the whole fleet), at the next tick.
    await admin.query(`update risk_checks set due_at = '-infinity'`);
    const before = await sweepMetrics(server.url);
    let after = before;
    while (after.count === before.count) {
      await new Promise((r) => setTimeout(r, 250));
      after = await sweepMetrics(server.url);
    }
    await admin.end();
    return {
      devices,
      load,
      rssIdle,
      rssSteady: half[Math.floor(half.length / 2)] ?? NaN,
      rssPeak: Math.max(...rss),
      serverCores: cpu.server / wall,
      pgCores: cpu.pg / wall,
      pgAllCores: cpu.pgAll / wall,
      sweepSeconds,
      sweeps,
      sweepOrders: sweeps1.orders - sweeps0.orders,
      allDue: { seconds: after.last, orders: after.orders - before.orders },
      heap,
    };
  } finally {
    await server.stop();
  }
}

function report(all: Figures[]): void {
  const ok = (b: boolean) => (b ? 'met' : 'MISSED');
  const rows = all.map((f) => {
    const offeredRate = f.load.offered / f.load.seconds;
    const acceptedRate = f.load.accepted / f.load.seconds;
    const worstSweep = Math.max(0, ...f.sweeps);
    return [
      fmtInt(f.devices),
      `${fmtInt(acceptedRate)} / ${fmtInt(offeredRate)}`,
      fmtMs(f.load.p50),
      fmtMs(f.load.p99),
      fmtMs(f.load.maxMs),
      `${f.rssIdle.toFixed(0)} / ${f.rssSteady.toFixed(0)} / ${f.rssPeak.toFixed(0)}`,
      f.serverCores.toFixed(2),
      `${f.pgCores.toFixed(2)} (${f.pgAllCores.toFixed(2)})`,
      `${f.sweeps.length}× max ${fmtMs(worstSweep * 1000)} ms, ${fmtInt(f.sweepOrders)} orders`,
      `${fmtMs(f.allDue.seconds * 1000)} ms, ${fmtInt(f.allDue.orders)} orders`,
    ];
  });
  console.log(
    `\nFleet on PostgreSQL: one OsmAnd fix per device every ${INTERVAL_MS / 1000} s, spread evenly; ${SECONDS} s measured after ${WARMUP_SECONDS} s of warm-up;\n` +
      `server = bin/dropline.js serve with every background task on (risk sweep every ${all[0]?.sweepSeconds ?? 30} s); load generator in its own process.\n`,
  );
  console.log(
    formatTable(
      [
        'devices',
        'fixes/s accepted / offered',
        'p50 ms',
        'p99 ms',
        'max ms',
        'RSS MB idle / steady / peak',
        'server cores',
        'PG cores (all PG)',
        'sweeps under load',
        'sweep, all due',
      ],
      rows,
    ),
  );
  for (const f of all) {
    const l = f.load;
    const failures = l.failed + l.unanswered > 0 ? `  ${l.failed} failed ${JSON.stringify(l.statusCodes)}, ${l.unanswered} unanswered` : '';
    const share = Math.max(f.allDue.seconds, ...f.sweeps) / f.sweepSeconds;
    console.log(
      `  ${fmtInt(f.devices)} devices: all accepted ${ok(l.accepted === l.offered)}, p99 ≤ ${TARGET.p99Ms} ms ${ok(l.p99 <= TARGET.p99Ms)}, ` +
        `RSS steady ≤ ${TARGET.rssMb} MB ${ok(f.rssSteady <= TARGET.rssMb)}, longest sweep ${(share * 100).toFixed(1)} % of its ${f.sweepSeconds} s period ` +
        `(≤ ${TARGET.sweepShare * 100} %: ${ok(share <= TARGET.sweepShare)}); most requests in flight ${fmtInt(l.maxInFlight)}${failures}`,
    );
  }
}

try {
  const db = await freshDatabase('dropline_fleet');
  onCleanup(db.drop);
  // The account is made before the server starts (an empty store would print credentials).
  const { store } = await openStore({ databaseUrl: db.url, dataDir: '', alongside: alongsideParts(DIALECTS) });
  const account = await createAccount(createDeps(store, { dialects: DIALECTS }), 'fleet');
  await store.close();
  const authorization = `Basic ${Buffer.from(`${account.account_id}:${account.secret_key}`).toString('base64')}`;
  const figures: Figures[] = [];
  let seeded = 0;
  for (const devices of SIZES) {
    console.log(`\n${fmtInt(devices)} devices:`);
    const f = await measure(db.url, db.name, authorization, devices, seeded);
    seeded = Math.max(seeded, devices);
    const l = f.load;
    console.log(
      `  ${fmtInt(l.accepted / l.seconds)} of ${fmtInt(l.offered / l.seconds)} fixes/s accepted, p50 ${fmtMs(l.p50)} ms, p99 ${fmtMs(l.p99)} ms, max ${fmtMs(l.maxMs)} ms; ` +
        `RSS ${f.rssSteady.toFixed(0)} MB steady, ${f.rssPeak.toFixed(0)} MB peak (${f.heap}); sweeps ${f.sweeps.map((s) => fmtMs(s * 1000)).join(', ')} ms; all due: ${fmtMs(f.allDue.seconds * 1000)} ms`,
    );
    figures.push(f);
  }
  report(figures);
} finally {
  await runCleanup();
}
