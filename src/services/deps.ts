import type { Clock, IdSource } from '../core/ports.ts';
import type { RegionLookup } from '../core/region.ts';
import type { Store } from '../store/store.ts';
import { noRegions } from '../core/region.ts';
import { type EtaEstimator, GreatCircleProvider, type RoutingProvider } from '../core/tracking/eta.ts';
import type { DialectServices } from './dialects/dialect.ts';
import { cryptoIds, systemClock } from './ids.ts';
import { LiveHub } from './live/live-hub.ts';
import { PlanRunner } from './planning/plan-runner.ts';
import { Metrics } from './ops/metrics.ts';
import { RateLimiter } from './ops/rate-limiter.ts';
import { IngestQueue } from './tracking/ingest-queue.ts';
import { RiskThresholdCache } from './tracking/risk-threshold-cache.ts';
import { LocationSubscriptions } from './webhooks/location-subscriptions.ts';

/** Everything a use case needs, passed in explicitly: no module-level singletons. */
export interface Deps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  regions: RegionLookup;
  live: LiveHub;
  /** Routes and travel matrices (planning, quotes); the default works offline (great circle × detour). */
  routing: RoutingProvider;
  /** ETAs while fixes are folded in, under row locks: in-process only (EtaEstimator). */
  eta: EtaEstimator;
  /** Each account's risk thresholds (defaults + overrides), cached per process. */
  riskThresholds: RiskThresholdCache;
  /** Which accounts have an endpoint for location webhooks, cached per process. */
  locationSubscriptions: LocationSubscriptions;
  /** Location ingest: group commit of concurrent requests, with the device and recent-fix caches. */
  ingest: IngestQueue;
  /** This process's Prometheus metrics (/metrics). */
  metrics: Metrics;
  /** Per-account request rate (DROPLINE_RATE_LIMIT); unlimited unless configured. */
  rateLimiter: RateLimiter;
  /** The registered dialects (src/dialects.ts): shared services ask these, never a dialect's module. */
  dialects: readonly DialectServices[];
  /** Plan runs under way in this process and the solver threads they use (started on the first run). */
  plans: PlanRunner;
  /** DROPLINE_GEOCODER_URL: the install's Nominatim/Photon-compatible street geocoder, or null (GeoNames places only). */
  geocoderUrl: string | null;
}

/** How many devices the process keeps in memory (README "Configuration"); the defaults fit a fleet of 10,000. */
export interface CacheSizes {
  /** DROPLINE_DEVICE_CACHE_SIZE: devices whose last write and recent-fix window are kept. */
  devices: number;
  /** DROPLINE_DEVICE_DIRECTORY_SIZE: devices whose account and worker are kept. */
  directory: number;
}

export const DEFAULT_CACHE_SIZES: CacheSizes = { devices: 12_000, directory: 100_000 };

/** The standard wiring: system clock, crypto ids, no regions unless given, a live hub on the store. */
export function createDeps(
  store: Store,
  parts: Partial<Omit<Deps, 'store' | 'live' | 'riskThresholds' | 'locationSubscriptions' | 'ingest' | 'metrics'>> & { cacheSizes?: CacheSizes } = {},
): Deps {
  const live = new LiveHub(store);
  const routing = parts.routing ?? new GreatCircleProvider();
  const metrics = new Metrics();
  metrics.attach({ store, sseClients: () => live.subscriberCount() });
  const deps: Omit<Deps, 'ingest'> & { ingest?: IngestQueue } = {
    metrics,
    rateLimiter: parts.rateLimiter ?? new RateLimiter(null),
    dialects: parts.dialects ?? [],
    plans: parts.plans ?? new PlanRunner(),
    geocoderUrl: parts.geocoderUrl ?? null,
    routing,
    eta: parts.eta ?? (routing instanceof GreatCircleProvider ? routing : new GreatCircleProvider()),
    store,
    clock: parts.clock ?? systemClock,
    ids: parts.ids ?? cryptoIds,
    regions: parts.regions ?? noRegions,
    live,
    riskThresholds: new RiskThresholdCache(store, live),
    locationSubscriptions: new LocationSubscriptions(store, live),
  };
  // The embedded store is one session: parallel groups would only queue on its mutex.
  const sizes = parts.cacheSizes ?? DEFAULT_CACHE_SIZES;
  deps.ingest = new IngestQueue(deps as Deps, {
    parallel: store.kind === 'pglite' ? 1 : 4,
    maxUnits: 256,
    maxFixes: 10_000,
    deviceCacheSize: sizes.devices,
    deviceDirectorySize: sizes.directory,
  });
  return deps as Deps;
}
