import { runCleanup } from './lib/cleanup.ts';
import { envInt } from './lib/env.ts';
import type { LoadSpec } from './lib/load.ts';
import { measureRequests, type OperationRow, printOperationTable } from './lib/measure.ts';
import { type BenchServer, startBenchServer } from './lib/server.ts';
import { fmtInt } from './lib/table.ts';

/**
 * bench:uber — Uber Direct create-delivery and get-delivery on PostgreSQL with a bearer token
 * from /oauth/v2/token, as the official SDK sends them. Prints req/s and p99; asserts nothing.
 */

const SECONDS = envInt('BENCH_SECONDS', 10);
const WARMUP_SECONDS = envInt('BENCH_WARMUP_SECONDS', 2);
const CONNECTIONS = envInt('BENCH_CONNECTIONS', 32);
/** Deliveries the get measurement reads, round-robin. */
const READ_POOL = envInt('BENCH_POOL', 1_000);
const SEED_CONCURRENCY = envInt('BENCH_SEED_CONCURRENCY', 16);

const structured = (street: string) => JSON.stringify({ street_address: [street], city: 'San Francisco', state: 'CA', zip_code: '94103', country: 'US' });

const delivery = {
  pickup_name: 'Corner Store',
  pickup_address: structured('1455 Market St'),
  pickup_phone_number: '+14155551234',
  pickup_latitude: 37.7752315,
  pickup_longitude: -122.418075,
  dropoff_name: 'Jane Doe',
  dropoff_address: structured('425 Market St'),
  dropoff_phone_number: '+14155559876',
  dropoff_latitude: 37.7859279,
  dropoff_longitude: -122.4089924,
  dropoff_notes: 'Ring twice',
  manifest_items: [{ name: 'Groceries', quantity: 2, size: 'small', price: 1299, weight: 800 }],
  manifest_reference: 'REF-1',
  manifest_total_value: 2598,
  tip: 200,
};

async function token(server: BenchServer): Promise<string> {
  const res = await fetch(`${server.url}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: server.account.uber.live.client_id,
      client_secret: server.account.uber.live.client_secret,
      grant_type: 'client_credentials',
      scope: 'eats.deliveries',
    }).toString(),
  });
  if (!res.ok) throw new Error(`token -> ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

const measure = (label: string, spec: Omit<LoadSpec, 'connections' | 'seconds'>) =>
  measureRequests(label, spec, { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, labelWidth: 18 });

async function seed(url: string, headers: Record<string, string>, count: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next++ < count) {
      const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(delivery) });
      const json = (await res.json()) as { id?: string; code?: string };
      if (!json.id) throw new Error(`seed create -> ${res.status} ${json.code}`);
      ids.push(json.id);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, lane));
  return ids;
}

async function main(): Promise<void> {
  const began = Date.now();
  console.log(
    `bench:uber — PostgreSQL, bearer token, ${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections; ` +
      `get reads ${fmtInt(READ_POOL)} deliveries round-robin`,
  );
  const rows: OperationRow[] = [];
  try {
    const server = await startBenchServer('postgres');
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(server)}` };
    const base = `/v1/customers/${server.account.uber.customer_id}`;

    const create = await measure('create-delivery', {
      url: server.url,
      method: 'POST',
      path: `${base}/deliveries`,
      headers,
      body: JSON.stringify(delivery),
    });
    rows.push({ operation: 'create-delivery', result: create, note: 'pick + drop core stops and the Uber row, one statement (shared by concurrent creates)' });

    const ids = await seed(`${server.url}${base}/deliveries`, headers, READ_POOL);
    const paths = Array.from({ length: 200_000 }, (_, i) => `${base}/deliveries/${ids[i % ids.length]}`);
    const get = await measure('get-delivery', { url: server.url, method: 'GET', path: paths[0]!, headers: { authorization: headers.authorization }, paths });
    rows.push({ operation: 'get-delivery', result: get, note: 'delivery row + both stops + courier lookup' });
    await server.close();
  } finally {
    await runCleanup();
  }
  printOperationTable(rows);
  console.log(`\nconnections ${CONNECTIONS}; wall time ${((Date.now() - began) / 1_000).toFixed(0)} s`);
}

await main();
