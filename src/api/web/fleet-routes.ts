import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import { openEventStream } from '../shared/sse.ts';
import { listDevices } from '../../services/tracking/list-devices.ts';
import { listWorkers } from '../../services/workers/read-workers.ts';
import { renderDevice, renderWorker } from './render.ts';

/** Workers (for the assign menu), devices (for the live map), and the account's live stream. */
export function registerFleetRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/app/api/workers', { schema: { hide: true } }, async (req) => {
    const { workers } = await listWorkers(deps, req.accountId, {}, { limit: 1000 });
    return { workers: workers.map(renderWorker) };
  });

  app.get('/app/api/devices', { schema: { hide: true } }, async (req) => ({
    server_time: deps.clock.now().toISOString(),
    devices: (await listDevices(deps, req.accountId)).map(renderDevice),
  }));

  // The session's account is the only topic: another account's events never reach this stream.
  app.get('/app/api/stream', { schema: { hide: true } }, async (req, reply) => {
    const stream = openEventStream(req, reply);
    const unsubscribe = await deps.live.subscribe([`account:${req.accountId}`], (e) => {
      if (e.type === 'location') stream.send('location', { device_id: e.device_id, ...e.location });
      else stream.send('order', { order_handle: e.order_handle, status: e.status, worker_handle: e.worker_handle, updated_at: e.updated_at });
    });
    stream.onClose(unsubscribe);
    stream.send('ready', { account_id: req.accountId });
  });
}
