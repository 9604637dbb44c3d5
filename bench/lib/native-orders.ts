import type { BenchServer } from './server.ts';

/** The native order a request bench creates: one drop-off with realistic metadata, on one worker's route. */

export const WORKER = { worker_handle: 'bench-driver-1', name: 'Jonas Becker', device_id: 'bench-device-1' };

/** A plausible grocery-delivery order's metadata (~0.4 KB of JSON; the body repeats it in order_created). */
function orderMetadata(i: number): Record<string, unknown> {
  return {
    customer: { name: 'Amelia Hartmann', phone: '+49 30 5557 1234', language: 'de' },
    order_ref: `SO-2025-${String(100_000 + i)}`,
    store_id: 'BER-MITTE-03',
    payment: { method: 'card', status: 'paid', amount: 84.37, currency: 'EUR' },
    items: [
      { sku: 'MLK-1L-ORG', qty: 2 },
      { sku: 'WIN-RSL-075', qty: 3 },
    ],
    instructions: 'Ring twice; if nobody answers, leave with the neighbour at No. 12.',
    tags: ['express', 'fragile'],
  };
}

export function orderItem(orderHandle: string, i: number) {
  return {
    order_handle: orderHandle,
    destination: {
      geometry: { type: 'Point', coordinates: [13.4 + (i % 100) / 1_000, 52.52 + (i % 37) / 1_000] },
      address: 'Rosenthaler Str. 40, 10178 Berlin, Germany',
      radius: 100,
    },
    scheduled_at: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    metadata: orderMetadata(i),
  };
}

export const track = (orders: unknown[]) => ({ track_mode: 'on_time', worker_handle: WORKER.worker_handle, orders });

/** `count` ongoing orders named `<prefix>-<i>`, tracked via POST /orders/track in routes of `routeSize`. */
/** The two stops of one order handle: a pick at the store, then the drop (what a Bringg task with two way points is). */
export const pickAndDrop = (handle: string, i: number) => [
  { ...orderItem(handle, i), type: 'pick' },
  { ...orderItem(handle, i + 1), type: 'drop' },
];

/**
 * `count` ongoing order handles named `<prefix>-<i>`, tracked via POST /orders/track in routes of
 * `routeSize` handles; `stops` gives each handle's order items (one drop-off unless told).
 */
export async function seedOngoing(
  server: BenchServer,
  prefix: string,
  count: number,
  o: { routeSize: number; concurrency: number; stops?: (handle: string, i: number) => unknown[] },
): Promise<string[]> {
  const stops = o.stops ?? ((h: string, i: number) => [orderItem(h, i)]);
  const handles = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const batches: string[][] = [];
  for (let i = 0; i < handles.length; i += o.routeSize) batches.push(handles.slice(i, i + o.routeSize));
  let nextBatch = 0;
  const lane = async () => {
    while (nextBatch < batches.length) {
      const batch = batches[nextBatch++]!;
      await server.request('POST', '/orders/track', track(batch.flatMap((h, i) => stops(h, i))));
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  return handles;
}
