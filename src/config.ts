import { closeSync, openSync, readSync } from 'node:fs';
import { type PlanCutoff, parsePlanCutoffs } from './core/plan-cutoff.ts';
import { DEFAULT_GREAT_CIRCLE } from './core/tracking/eta.ts';

/** Runtime configuration, read once from the environment (see README "Configuration"). */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  logLevel: string;
  /** The dedicated OsmAnd/Traccar port (docs/gps-apps.md); null = off. */
  osmandPort: number | null;
  /** DROPLINE_RISK_SWEEP_SECONDS: how often risks are re-evaluated without new fixes (default 30). */
  riskSweepSeconds?: number;
  /** DROPLINE_DEVICE_CACHE_SIZE and DROPLINE_DEVICE_DIRECTORY_SIZE: devices kept in memory (defaults fit 10,000 devices). */
  cacheSizes?: { devices: number; directory: number };
  /** DROPLINE_HEAP_GROWTH_PERCENT: how far the JS heap may grow past its live size before a full GC (default 30). */
  heapGrowthPercent?: number;
  /** DROPLINE_UBER_ROBO_TIME_FACTOR: real seconds per second of the robo courier's schedule (default 1; 0.1 = ten times faster). */
  uberRoboTimeFactor?: number;
  /** DROPLINE_ROUTING_DETOUR_FACTOR (default 1.3) and DROPLINE_ROUTING_SPEED_MPS (default 8): the offline router's road stretch and planning speed. */
  routing?: { detourFactor: number; speedMps: number };
  /** DROPLINE_PLAN_CUTOFFS: each ops group's daily plan run (docs/planning.md "Plan runs"); empty = none. */
  planCutoffs?: PlanCutoff[];
  /** DROPLINE_PLAN_BUDGET_SECONDS: the solver's budget of a cut-off's run (default 10). */
  planBudgetSeconds?: number;
  /** DROPLINE_LOCATION_RETENTION_DAYS: raw fixes older than this are dropped by whole months; unset = kept. */
  locationRetentionDays?: number | null;
  web?: {
    /** DROPLINE_TILE_URL: XYZ raster tiles ({z}/{x}/{y}) from your own tile server; unset = offline basemap only. */
    tileUrl: string | null;
    /** DROPLINE_BASEMAP: a PMTiles v3 vector basemap (e.g. a Protomaps city extract) served to the pages by byte ranges; unset = the shipped world basemap only. */
    basemapFile: string | null;
    /** DROPLINE_GEOCODER_URL: a Nominatim `/search` or Photon `/api` endpoint of your own for street addresses; unset = GeoNames places only. */
    geocoderUrl: string | null;
    /** DROPLINE_SHARE_EXPIRY_HOURS: a share link keeps working this long after completion/cancellation (default 24). */
    shareExpiryHours: number;
    /** DROPLINE_SESSION_HOURS: how long a dashboard sign-in lasts (default 12). */
    sessionHours: number;
  };
  /** DROPLINE_RATE_LIMIT (requests/s per account) and DROPLINE_RATE_LIMIT_BURST; null = unlimited. */
  rateLimit?: { perSecond: number; burst: number } | null;
  /** DROPLINE_METRICS_TOKEN: when set, /metrics wants it as a bearer token. */
  metricsToken?: string | null;
  webhooks: {
    /** DROPLINE_WEBHOOKS_ALLOW_PRIVATE=true: accept loopback/private/link-local webhook URLs. */
    allowPrivateUrls: boolean;
    /** DROPLINE_WEBHOOKS_RETRY_HORIZON: seconds of retries before a delivery is dead-lettered. */
    retryHorizonSeconds: number;
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const osmand = env.DROPLINE_OSMAND_PORT?.trim() || '5055';
  const osmandPort = osmand.toLowerCase() === 'off' ? null : Number(osmand);
  if (osmandPort !== null && (!/^\d+$/.test(osmand) || osmandPort > 65535)) {
    throw new Error(`DROPLINE_OSMAND_PORT must be a port number or off, not ${env.DROPLINE_OSMAND_PORT}`);
  }
  const host = env.HOST ?? '0.0.0.0';
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    port,
    host,
    dataDir: env.DROPLINE_DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: (env.DROPLINE_PUBLIC_URL ?? `http://${shownHost}:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    osmandPort,
    riskSweepSeconds: positiveInt(env, 'DROPLINE_RISK_SWEEP_SECONDS', 30),
    cacheSizes: {
      devices: positiveInt(env, 'DROPLINE_DEVICE_CACHE_SIZE', 12_000),
      directory: positiveInt(env, 'DROPLINE_DEVICE_DIRECTORY_SIZE', 100_000),
    },
    heapGrowthPercent: positiveInt(env, 'DROPLINE_HEAP_GROWTH_PERCENT', 30),
    uberRoboTimeFactor: positiveNumber(env, 'DROPLINE_UBER_ROBO_TIME_FACTOR', 1),
    routing: {
      detourFactor: positiveNumber(env, 'DROPLINE_ROUTING_DETOUR_FACTOR', DEFAULT_GREAT_CIRCLE.detourFactor),
      speedMps: positiveNumber(env, 'DROPLINE_ROUTING_SPEED_MPS', DEFAULT_GREAT_CIRCLE.defaultSpeedMps),
    },
    planCutoffs: parsePlanCutoffs(env.DROPLINE_PLAN_CUTOFFS ?? ''),
    planBudgetSeconds: planBudget(env),
    locationRetentionDays: env.DROPLINE_LOCATION_RETENTION_DAYS ? positiveInt(env, 'DROPLINE_LOCATION_RETENTION_DAYS', 0) : null,
    web: {
      tileUrl: tileUrl(env.DROPLINE_TILE_URL),
      basemapFile: basemapFile(env.DROPLINE_BASEMAP),
      geocoderUrl: httpUrl(env, 'DROPLINE_GEOCODER_URL'),
      shareExpiryHours: positiveInt(env, 'DROPLINE_SHARE_EXPIRY_HOURS', 24),
      sessionHours: positiveInt(env, 'DROPLINE_SESSION_HOURS', 12),
    },
    rateLimit: rateLimit(env),
    metricsToken: env.DROPLINE_METRICS_TOKEN?.trim() || null,
    webhooks: {
      allowPrivateUrls: env.DROPLINE_WEBHOOKS_ALLOW_PRIVATE === 'true',
      retryHorizonSeconds: positiveInt(env, 'DROPLINE_WEBHOOKS_RETRY_HORIZON', 86_400),
    },
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not ${raw}`);
  return n;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}

function rateLimit(env: NodeJS.ProcessEnv): Config['rateLimit'] {
  if (!env.DROPLINE_RATE_LIMIT || env.DROPLINE_RATE_LIMIT === 'off') return null;
  const perSecond = positiveNumber(env, 'DROPLINE_RATE_LIMIT', 1);
  // An idle client may send a second's worth twice over at once: page loads and retries come in bursts.
  const burst = positiveInt(env, 'DROPLINE_RATE_LIMIT_BURST', Math.max(1, Math.ceil(perSecond * 2)));
  return { perSecond, burst };
}

/** Refused at start rather than at the first page view: a wrong path would only show as a map without streets. */
function basemapFile(raw: string | undefined): string | null {
  const file = raw?.trim();
  if (!file) return null;
  let head: Buffer;
  try {
    const fd = openSync(file, 'r');
    head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    closeSync(fd);
  } catch (e) {
    throw new Error(`DROPLINE_BASEMAP cannot be read: ${(e as Error).message}`);
  }
  if (head.toString('latin1', 0, 7) !== 'PMTiles' || head[7] !== 3) throw new Error(`DROPLINE_BASEMAP must be a PMTiles version 3 file, not ${file}`);
  return file;
}

function httpUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const v = env[name]?.trim();
  if (!v) return null;
  if (!/^https?:\/\/[^/]/.test(v)) throw new Error(`${name} must be an http(s) URL, not ${v}`);
  return v;
}

function tileUrl(raw: string | undefined): string | null {
  const v = raw?.trim();
  if (!v) return null;
  if (!/^https?:\/\//.test(v) || !v.includes('{z}') || !v.includes('{x}') || !v.includes('{y}')) {
    throw new Error(`DROPLINE_TILE_URL must be an http(s) URL with {z}, {x} and {y}, not ${raw}`);
  }
  return v;
}

/** The cut-offs' solver budget: what POST /orders/plan accepts (above 0, at most 600 s). */
function planBudget(env: NodeJS.ProcessEnv): number {
  const seconds = positiveNumber(env, 'DROPLINE_PLAN_BUDGET_SECONDS', 10);
  if (seconds > 600) throw new Error(`DROPLINE_PLAN_BUDGET_SECONDS must be at most 600, not ${env.DROPLINE_PLAN_BUDGET_SECONDS}`);
  return seconds;
}
