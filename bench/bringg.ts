import { sql } from 'kysely';
import { runCleanup } from './lib/cleanup.ts';
import type { LoadSpec } from './lib/load.ts';
import { measureRequests, type OperationRow, printOperationTable } from './lib/measure.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { fmtInt } from './lib/table.ts';
import { envInt } from './lib/env.ts';

/**
 * bench:bringg — create_task (two way points) and cancel_task through the Bringg secret service
 * URL on PostgreSQL. Prints req/s and p99; asserts nothing.
 */

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 32);
/** Pre-created tasks for the cancel measurement, beyond the warm-up's share. */
const POOL = envInt('BENCH_POOL', 20_000);
const WARMUP_POOL = 1_000;
const SEED_CONCURRENCY = envInt('BENCH_SEED_CONCURRENCY', 16);

const CREATE = '6f15901b';
const CANCEL = 'kmae04kd';

function task(externalId: string) {
  return {
    external_id: externalId,
    title: 'Groceries',
    total_price: 84.37,
    customer: { external_id: `customer-${externalId}`, name: 'Amelia Hartmann', phone: '+49 30 5557 1234' },
    extras: { store_id: 'BER-MITTE-03', items: [{ sku: 'MLK-1L-ORG', qty: 2 }] },
    way_points: [
      { lat: 52.5208, lng: 13.4094, address: 'Alexanderplatz 1, 10178 Berlin', name: 'Store' },
      {
        lat: 52.5163,
        lng: 13.3777,
        address: 'Pariser Platz 1, 10117 Berlin',
        name: 'Amelia Hartmann',
        phone: '+49 30 5557 1234',
        no_later_than: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      },
    ],
  };
}

const servicePath = (server: BenchServer, code: string) => `/services/${code}/${server.account.bringg.service_uuid_1}/${server.account.bringg.service_uuid_2}/`;

async function post(server: BenchServer, path: string, body: unknown): Promise<{ success: boolean; task?: { id: number } }> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { success: boolean; task?: { id: number }; message?: string };
  if (!json.success) throw new Error(`${path} -> ${res.status} ${json.message}`);
  return json;
}

const measure = (label: string, spec: Omit<LoadSpec, 'connections' | 'seconds'>, warmup?: Partial<LoadSpec>) =>
  measureRequests(label, spec, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, labelWidth: 24 }, warmup);

/** `count` open tasks created through create_task; returns the cancel bodies, one per task. */
async function seedTasks(server: BenchServer, count: number): Promise<string[]> {
  const ids: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const r = await post(server, servicePath(server, CREATE), task(`bench-cancel-${i}`));
      ids.push(r.task!.id);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, lane));
  return ids.map((id) => JSON.stringify({ id }));
}

async function main(): Promise<void> {
  const began = Date.now();
  console.log(
    `bench:bringg — PostgreSQL, secret service URL, ${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up, ` +
      `${CONNECTIONS} connections; cancel pool ${fmtInt(POOL)}`,
  );
  const rows: OperationRow[] = [];
  try {
    const server = await startBenchServer('postgres');
    const headers = { 'content-type': 'application/json' };

    const create = await measure('create_task (2 stops)', {
      url: server.url,
      method: 'POST',
      path: servicePath(server, CREATE),
      headers,
      body: JSON.stringify(task('bench-create-[<id>]')),
    });
    rows.push({ operation: 'create_task', result: create, note: 'two way points = two core stops + Bringg ids, one transaction' });

    const started = Date.now();
    const bodies = await seedTasks(server, WARMUP_POOL + POOL);
    await sql`vacuum analyze`.execute(server.deps.store.db);
    console.log(`  seeded ${fmtInt(bodies.length)} open tasks in ${((Date.now() - started) / 1_000).toFixed(1)} s`);
    // Each cancel needs its own open task: one pre-created body per request.
    const cancelPath = servicePath(server, CANCEL);
    const cancel = await measure(
      'cancel_task',
      { url: server.url, method: 'POST', path: cancelPath, headers, bodies: bodies.slice(WARMUP_POOL) },
      { bodies: bodies.slice(0, WARMUP_POOL), amount: WARMUP_POOL },
    );
    const used = Math.min(cancel.pathsUsed ?? 0, POOL);
    rows.push({
      operation: 'cancel_task',
      result: cancel,
      note: `${fmtInt(used)} of ${fmtInt(POOL)} pre-created tasks used${cancel.exhausted ? ' (pool ran out: run stopped early)' : ''}`,
    });
    await server.close();
  } finally {
    await runCleanup();
  }
  printOperationTable(rows);
  console.log(`\nconnections ${CONNECTIONS}; wall time ${((Date.now() - began) / 1_000).toFixed(0)} s`);
}

await main();
