import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookDispatcher } from '../src/services/webhooks/dispatcher.ts';
import { createEndpoint } from '../src/services/webhooks/endpoints.ts';
import type { StoreKind } from '../src/store/store.ts';
import { runCleanup } from './lib/cleanup.ts';
import { describeFailures, type LoadResult, runLoad } from './lib/load.ts';
import { type BenchServer, PUBLIC_URL, startBenchServer } from './lib/server.ts';
import { fmtInt, fmtMs, formatTable } from './lib/table.ts';
import { envInt } from './lib/env.ts';

/**
 * bench:webhooks — what webhooks cost a state change, and how fast the dispatcher empties the
 * outbox into a local receiver. Prints figures; asserts nothing.
 */

const SECONDS = envInt('BENCH_SECONDS', 8);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 16);
const POOL = envInt('BENCH_POOL', 8_000);
const ROUTE_SIZE = envInt('BENCH_ROUTE_SIZE', 100);
const DRAIN_ORDERS = envInt('BENCH_DRAIN_ORDERS', 2_000);

const WORKER = { worker_handle: 'bench-webhooks-driver', name: 'Jonas Becker', device_id: 'bench-webhooks-device' };

const orderItem = (order_handle: string, i: number) => ({
  order_handle,
  destination: { geometry: { type: 'Point', coordinates: [13.4 + (i % 100) / 1_000, 52.52] }, radius: 100 },
  scheduled_at: new Date(Date.now() + 3 * 3_600_000).toISOString(),
  metadata: { order_ref: `SO-${i}`, store_id: 'BER-MITTE-03' },
});

/** `count` ongoing orders in routes of ROUTE_SIZE: created, assigned, started — 3 webhook events each. */
async function seedOngoing(server: BenchServer, prefix: string, count: number): Promise<string[]> {
  const handles = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < handles.length; i += ROUTE_SIZE) {
    const orders = handles.slice(i, i + ROUTE_SIZE).map((h, j) => orderItem(h, i + j));
    await server.request('POST', '/orders/track', { track_mode: 'on_time', worker_handle: WORKER.worker_handle, orders });
  }
  return handles;
}

/** A receiver that answers 200 at once and counts what it got. */
async function startReceiver() {
  let received = 0;
  const srv = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hooks`,
    count: () => received,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

async function cancelLoad(server: BenchServer, handles: string[]): Promise<LoadResult> {
  const paths = handles.map((h) => `/orders/${h}/cancel`);
  return runLoad({
    url: server.url,
    method: 'POST',
    path: paths[0]!,
    paths,
    headers: { authorization: server.authorization, 'content-type': 'application/json' },
    body: '{}',
    connections: CONNECTIONS,
    seconds: SECONDS,
  });
}

const show = (label: string, r: LoadResult) => {
  const failures = describeFailures(r);
  console.log(
    `  ${label.padEnd(34)}${fmtInt(r.rps).padStart(7)} req/s  p50 ${fmtMs(r.p50)} ms  p99 ${fmtMs(r.p99)} ms  n=${fmtInt(r.completed)}` +
      `${r.exhausted ? '  (pool ran out)' : ''}${failures ? `  ${failures}` : ''}`,
  );
};

interface Row {
  store: StoreKind;
  without: LoadResult;
  with: LoadResult;
  deliveredPerSecond: number;
  delivered: number;
}

async function benchStore(kind: StoreKind): Promise<Row> {
  console.log(`\n${kind}`);
  const server = await startBenchServer(kind);
  const rx = await startReceiver();
  const dispatcher = new WebhookDispatcher(server.deps, { publicUrl: PUBLIC_URL, allowPrivateUrls: true });
  try {
    await server.request('POST', '/workers', WORKER);
    // As in production, the dispatcher runs during both measurements.
    dispatcher.start();
    const plain = await seedOngoing(server, 'plain', POOL);
    const without = await cancelLoad(server, plain);
    show('cancel, no endpoint', without);

    await createEndpoint(server.deps, server.account.account_id, { url: rx.url, format: 'hypertrack' }, { allowPrivateUrls: true });
    const hooked = await seedOngoing(server, 'hooked', POOL);
    const withEndpoint = await cancelLoad(server, hooked);
    show('cancel, endpoint subscribed', withEndpoint);
    await dispatcher.drain();
    await dispatcher.stop();

    // Delivery rate: fill the outbox with the dispatcher stopped, then time one dispatcher emptying it.
    await seedOngoing(server, 'drain', DRAIN_ORDERS);
    const before = rx.count();
    const fresh = new WebhookDispatcher(server.deps, { publicUrl: PUBLIC_URL, allowPrivateUrls: true });
    const started = performance.now();
    await fresh.drain();
    const seconds = (performance.now() - started) / 1000;
    const delivered = rx.count() - before;
    console.log(
      `  ${'delivery to a local receiver'.padEnd(34)}${fmtInt(delivered / seconds).padStart(7)} events/s  (${fmtInt(delivered)} events in ${seconds.toFixed(1)} s)`,
    );
    return { store: kind, without, with: withEndpoint, deliveredPerSecond: delivered / seconds, delivered };
  } finally {
    await dispatcher.stop();
    await rx.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:webhooks — cancel for ${SECONDS} s at ${CONNECTIONS} connections (routes of ${ROUTE_SIZE}), ` +
      `then ${fmtInt(DRAIN_ORDERS * 3)} queued events drained by one dispatcher (one event per POST)`,
  );
  const rows: Row[] = [];
  try {
    for (const kind of ['postgres', 'pglite'] as const) rows.push(await benchStore(kind));
  } finally {
    await runCleanup();
  }
  console.log(
    `\n${formatTable(
      ['store', 'cancel req/s (no endpoint)', 'cancel req/s (endpoint)', 'cost', 'webhooks delivered/s'],
      rows.map((r) => [
        r.store,
        fmtInt(r.without.rps),
        fmtInt(r.with.rps),
        `${(((r.without.rps - r.with.rps) / r.without.rps) * 100).toFixed(0)}%`,
        fmtInt(r.deliveredPerSecond),
      ]),
    )}`,
  );
}

await main();
