import { randomBytes } from 'node:crypto';
import type { WebServer } from '../helpers/web-server.ts';

export type LngLat = [number, number];

export interface DriverDay {
  workerHandle: string;
  deviceId: string;
  start: LngLat;
  /** In route order: the first to deliver with photo, signature and PIN, the second to fail. */
  stops: { handle: string; at: LngLat; address: string; customer: string; phone: string; instructions: string; pin?: string }[];
  link: { url: string; token: string; link_id: string };
}

/** A worker with a device, two assigned stops on one route (the first needs photo + signature + PIN), and a sign-in link. */
export async function seedDriverDay(server: WebServer, tag: string): Promise<DriverDay> {
  const workerHandle = `driver-${tag}-${randomBytes(3).toString('hex')}`;
  const deviceId = `phone-${randomBytes(6).toString('hex')}`;
  const start: LngLat = [-121.8863, 37.3382];
  const created = await server.call('POST', '/workers', { worker_handle: workerHandle, name: 'Maria Lopez', device_id: deviceId });
  if (created.status !== 201) throw new Error(`worker: ${created.status} ${JSON.stringify(created.json)}`);
  // Off shift before the day starts: going on shift is the driver's first tap.
  const off = await server.call('POST', `/workers/${workerHandle}/work_status`, { available: false });
  if (off.status !== 200) throw new Error(`work_status: ${off.status} ${JSON.stringify(off.json)}`);
  const stops = [
    {
      handle: `${tag}-ana`,
      at: [-121.8863, 37.3422] as LngLat,
      address: '12 Ana Street',
      customer: 'Ana Client',
      phone: '+1 (555) 0100',
      instructions: 'Ring twice',
      pin: '4321',
    },
    {
      handle: `${tag}-ben`,
      at: [-121.8813, 37.3442] as LngLat,
      address: '34 Ben Avenue',
      customer: 'Ben Client',
      phone: '+1 555 0200',
      instructions: 'Back door',
    },
  ];
  const base = Date.now() + 3600_000;
  const route = await server.call('POST', '/orders', {
    plan_mode: 'manual',
    worker_handle: workerHandle,
    orders: stops.map((s, i) => ({
      order_handle: s.handle,
      scheduled_after: new Date(base + i * 3600_000).toISOString(),
      scheduled_at: new Date(base + i * 3600_000 + 1800_000).toISOString(),
      destination: { geometry: { type: 'Point', coordinates: s.at }, radius: 40, address: s.address },
      metadata: {
        customer_name: s.customer,
        customer_phone: s.phone,
        instructions: s.instructions,
        ...(s.pin ? { required_proofs: ['photo', 'signature', 'pin'], pincode: s.pin } : { required_proofs: [] }),
      },
    })),
  });
  if (route.status !== 201) throw new Error(`orders: ${route.status} ${JSON.stringify(route.json)}`);
  const link = await server.call('POST', `/workers/${workerHandle}/driver_links`, {});
  if (link.status !== 201) throw new Error(`driver link: ${link.status} ${JSON.stringify(link.json)}`);
  return { workerHandle, deviceId, start, stops, link: link.json };
}

/** Points from `a` to `b`, both included, `n` steps apart. */
export const stepsBetween = (a: LngLat, b: LngLat, n: number): LngLat[] =>
  Array.from({ length: n + 1 }, (_, i) => [a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n]);
