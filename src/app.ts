import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildOsmandServer } from './api/ingest/osmand-server.ts';
import { buildServer } from './api/server.ts';
import type { Config } from './config.ts';
import { alongsideParts, DIALECTS } from './dialects.ts';
import { GreatCircleProvider } from './core/tracking/eta.ts';
import type { RegionLookup } from './core/region.ts';
import { createAccount } from './services/accounts/create-account.ts';
import { createDeps, type Deps } from './services/deps.ts';
import { RateLimiter } from './services/ops/rate-limiter.ts';
import { maintainLocationHistory } from './services/tracking/maintain-location-history.ts';
import { sweepRisks } from './services/tracking/sweep-risks.ts';
import { failInterruptedRuns } from './services/planning/interrupted-runs.ts';
import { runPlanCutoffs } from './services/planning/plan-cutoffs.ts';
import { WebhookDispatcher } from './services/webhooks/dispatcher.ts';
import { openStore } from './store/open-store.ts';

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  /** The dedicated OsmAnd/Traccar port's URL; null when DROPLINE_OSMAND_PORT=off. */
  osmandUrl: string | null;
  dispatcher: WebhookDispatcher;
  close(): Promise<void>;
}

/**
 * Opens the store, builds the server and listens. On an empty store it creates the first account
 * and hands its credentials to `onFirstAccount` (they are shown once, never stored in clear).
 */
export async function startServer(
  config: Config,
  opts: { regions: RegionLookup; onFirstAccount?: (creds: { account_id: string; secret_key: string }, url: string) => void },
): Promise<RunningServer> {
  const { store, lock } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, alongside: alongsideParts(DIALECTS) });
  const routing = config.routing ? new GreatCircleProvider({ detourFactor: config.routing.detourFactor, defaultSpeedMps: config.routing.speedMps }) : undefined;
  const deps = createDeps(store, {
    regions: opts.regions,
    dialects: DIALECTS,
    rateLimiter: new RateLimiter(config.rateLimit ?? null),
    cacheSizes: config.cacheSizes,
    geocoderUrl: config.web?.geocoderUrl ?? null,
    ...(routing ? { routing } : {}),
  });
  const adminToken = lock ? randomBytes(24).toString('base64url') : undefined;
  let app: FastifyInstance | undefined;
  let osmand: FastifyInstance | undefined;
  try {
    app = await buildServer(deps, {
      publicUrl: config.publicUrl,
      logLevel: config.logLevel,
      adminToken,
      allowPrivateWebhookUrls: config.webhooks.allowPrivateUrls,
      uberRoboTimeFactor: config.uberRoboTimeFactor,
      web: config.web,
      metricsToken: config.metricsToken ?? null,
    });
    await app.listen({ port: config.port, host: config.host });
    if (config.osmandPort !== null) {
      osmand = await buildOsmandServer(deps, { logLevel: config.logLevel });
      await osmand.listen({ port: config.osmandPort, host: config.host });
    }
  } catch (e) {
    await osmand?.close();
    await app?.close();
    await deps.live.close();
    await store.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  if (lock && adminToken) lock.publish({ admin: { url, token: adminToken } });
  if ((await store.repos.accounts.count()) === 0) {
    const creds = await createAccount(deps, 'default');
    opts.onFirstAccount?.(creds, config.publicUrl.replace(`:${config.port}`, `:${port}`));
  }
  const osmandAddress = osmand?.server.address();
  const osmandUrl = typeof osmandAddress === 'object' && osmandAddress ? `http://127.0.0.1:${osmandAddress.port}` : null;
  // One dispatcher per process; on PostgreSQL several processes share the queue (SKIP LOCKED).
  // The embedded store has exactly one process, so leases a killed predecessor held are void.
  if (lock) await store.repos.webhookOutbox.releaseLeases();
  const dispatcher = new WebhookDispatcher(deps, {
    publicUrl: config.publicUrl,
    allowPrivateUrls: config.webhooks.allowPrivateUrls,
    horizonMs: config.webhooks.retryHorizonSeconds * 1000,
    log: app.log.child({ component: 'webhooks' }),
  });
  dispatcher.start();
  await failInterruptedRuns(deps, { alone: !!lock });
  // Each ops group's daily cut-off (DROPLINE_PLAN_CUTOFFS); a tick still going skips the next.
  const cutoffsDone = new Set<string>();
  let cutting = false;
  const cutoffs = setInterval(() => {
    if (cutting || !config.planCutoffs?.length) return;
    cutting = true;
    runPlanCutoffs(deps, config.planCutoffs, { budgetSeconds: config.planBudgetSeconds ?? 10, done: cutoffsDone })
      .then((started) => started.length && app?.log.info({ plans: started }, 'plan cut-off: runs started'))
      .catch((err) => app?.log.error({ err }, 'plan cut-off failed'))
      .finally(() => {
        cutting = false;
      });
  }, 60_000);
  cutoffs.unref();
  // Risks that need no new fix (offline, outage, delays) move with the clock.
  let sweeping = false;
  const sweep = setInterval(
    () => {
      if (sweeping) return;
      sweeping = true;
      sweepRisks(deps)
        .catch((err) => app?.log.error({ err }, 'risk sweep failed'))
        .finally(() => {
          sweeping = false;
        });
    },
    (config.riskSweepSeconds ?? 30) * 1000,
  );
  sweep.unref();
  // Each dialect's periodic work (Uber's courier updates); a run still going skips the next tick.
  const jobs = deps.dialects
    .flatMap((d) => d.jobs ?? [])
    .map((job) => {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        job
          .run(deps)
          .catch((err) => app?.log.error({ err }, `${job.name} failed`))
          .finally(() => {
            running = false;
          });
      }, job.everySeconds * 1000);
      timer.unref();
      return timer;
    });
  // Next month's history partition exists before its first fix; retention drops whole months.
  const maintainHistory = () =>
    maintainLocationHistory(deps, { retentionDays: config.locationRetentionDays ?? null })
      .then(({ dropped }) => dropped.length && app?.log.info({ dropped }, 'location history: dropped months past retention'))
      .catch((err) => app?.log.error({ err }, 'location history maintenance failed'));
  void maintainHistory();
  const maintenance = setInterval(maintainHistory, 6 * 3_600_000);
  maintenance.unref();
  const server = app;
  const osmandServer = osmand;
  return {
    app: server,
    deps,
    url,
    osmandUrl,
    dispatcher,
    close: async () => {
      clearInterval(sweep);
      clearInterval(cutoffs);
      for (const timer of jobs) clearInterval(timer);
      clearInterval(maintenance);
      await dispatcher.stop();
      await osmandServer?.close();
      await server.close();
      await deps.plans.close();
      await deps.live.close();
      await store.close();
    },
  };
}
