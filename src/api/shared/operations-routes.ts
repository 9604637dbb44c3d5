import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.ts';
import { checkReadiness } from '../../services/ops/readiness.ts';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * What an orchestrator and a monitoring system ask of a process (docs/operations.md):
 * liveness (/healthz: the process answers, whatever the store does, so a PostgreSQL outage does
 * not get every server restarted), readiness (/readyz: the store answers and is migrated) and
 * Prometheus metrics (/metrics).
 */
export function registerOperationsRoutes(app: FastifyInstance, deps: Deps, opts: { metricsToken: string | null }): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', store: deps.store.kind }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const r = await checkReadiness(deps.store);
    return reply.status(r.ready ? 200 : 503).send(r.ready ? { status: 'ready', store: r.store } : { status: 'not_ready', store: r.store, reason: r.reason });
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (opts.metricsToken) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!m || !sameSecret(m[1]!, opts.metricsToken)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send({ detail: {}, message: 'Metrics need the bearer token (DROPLINE_METRICS_TOKEN)' });
      }
    }
    const { contentType, body } = await deps.metrics.render();
    return reply.type(contentType).send(body);
  });
}
