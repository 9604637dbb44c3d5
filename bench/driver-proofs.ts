import { randomBytes } from 'node:crypto';
import type { StoreKind } from '../src/store/store.ts';
import { runCleanup } from './lib/cleanup.ts';
import { envInt } from './lib/env.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { fmtInt, fmtMs, formatTable } from './lib/table.ts';

const UPLOADS = envInt('BENCH_PROOF_UPLOADS', 200);
const BYTES = envInt('BENCH_PROOF_BYTES', 1024 * 1024);
const STORE = (process.env.BENCH_STORE ?? 'postgres') as StoreKind;

/** A JPEG of `size` bytes: the magic number, then noise that no layer can compress away. */
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(Math.max(0, size - 4))]);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/**
 * The driver app's proof upload (docs/driver-app.md §4): one driver signed in by link, UPLOADS
 * stops, one 1 MB photo PUT to each over HTTP, one after another, as a phone sends them. Exported
 * so bench:web can add its figures to its own.
 */
export async function proofUploadFigures(server: BenchServer, uploads = UPLOADS, bytes = BYTES) {
  const worker = 'bench-proof-driver';
  await server.request('POST', '/workers', { worker_handle: worker, name: 'Proof Driver', device_id: 'bench-proof-device' });
  for (let i = 0; i < uploads; i++) {
    const handle = `bench-proof-${i}`;
    await server.request('POST', '/orders', {
      plan_mode: 'manual',
      orders: [{ order_handle: handle, scheduled_at: '2031-01-01T10:00:00Z', destination: { geometry: { type: 'Point', coordinates: [13.4, 52.5] } } }],
    });
    await server.request('POST', `/orders/${handle}/reassign`, { worker_handle: worker });
  }
  const link = await server.request<{ token: string }>('POST', `/workers/${worker}/driver_links`, {});
  const signIn = await fetch(`${server.url}/driver/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link.json.token }),
  });
  const session = (await signIn.json()) as { csrf_token: string };
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { cookie, 'x-csrf-token': session.csrf_token };
  const stops = (await (await fetch(`${server.url}/driver/api/stops`, { headers })).json()) as { stops: { stop_id: string }[] };
  const body = jpeg(bytes);
  const ms: number[] = [];
  for (const stop of stops.stops) {
    const started = performance.now();
    const r = await fetch(`${server.url}/driver/api/stops/${stop.stop_id}/proofs/photo`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'image/jpeg' },
      body,
    });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`upload answered ${r.status}`);
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { uploads: ms.length, bytes, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1)! };
}

async function main() {
  const server = await startBenchServer(STORE);
  try {
    const f = await proofUploadFigures(server);
    console.log(
      formatTable(
        [`Proof upload (${STORE}, sequential)`, 'Uploads', 'Size', 'p50', 'p99', 'max'],
        [
          [
            'PUT /driver/api/stops/{id}/proofs/photo',
            fmtInt(f.uploads),
            `${(f.bytes / 1024 / 1024).toFixed(2)} MiB`,
            `${fmtMs(f.p50)} ms`,
            `${fmtMs(f.p99)} ms`,
            `${fmtMs(f.max)} ms`,
          ],
        ],
      ),
    );
  } finally {
    await server.close();
    await runCleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
