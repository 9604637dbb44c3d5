import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { RouteTable } from '../../src/api/shared/route-table.ts';
import type { RegionLookup } from '../../src/core/region.ts';
import type { RoutingProvider } from '../../src/core/tracking/eta.ts';
import { createAccount } from '../../src/services/accounts/create-account.ts';
import { createDeps, type Deps } from '../../src/services/deps.ts';
import { type RateLimitOptions, RateLimiter } from '../../src/services/ops/rate-limiter.ts';
import { RoboCouriers } from '../../src/services/uber/robo-courier.ts';
import type { StoreKind } from '../../src/store/store.ts';
import { openTestStore } from './stores.ts';
import { DIALECTS } from '../../src/dialects.ts';
import type { Dialect } from '../../src/api/shared/dialect.ts';
import { enforceOpenApiContract } from './openapi-contract.ts';

export const PUBLIC_URL = 'https://track.example.test';

export interface ApiClient {
  accountId: string;
  /** The client's `Authorization` header value. */
  authorization: string;
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestApi {
  app: FastifyInstance;
  deps: Deps;
  /** A client authenticated as the account created at start. */
  api: ApiClient;
  /** Uber's test-mode couriers, to wait until they are idle. */
  robo: RoboCouriers;
  /** Creates another account and returns a client for it. */
  newAccount(name?: string): Promise<ApiClient>;
  close(): Promise<void>;
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** An account's client of the native API over `inject`, with Basic auth; a string body goes as it is. */
export const nativeClient = (app: FastifyInstance, accountId: string, secret: string): ApiClient => ({
  accountId,
  authorization: basicAuth(accountId, secret),
  call: (method, url, body, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: basicAuth(accountId, secret),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
});

/** The whole HTTP stack on a fresh store of `kind`, driven through `inject` (no sockets). */
export async function startTestApi(
  kind: StoreKind,
  opts: {
    clock?: Clock;
    regions?: RegionLookup;
    allowPrivateWebhookUrls?: boolean;
    uberRoboTimeFactor?: number;
    rateLimit?: RateLimitOptions;
    metricsToken?: string;
    adminToken?: string;
    routeTable?: RouteTable;
    /** The registration list to serve (default src/dialects.ts); a test adds a fixture dialect here. */
    dialects?: readonly Dialect[];
    /** Routes and matrices (default: the offline great-circle provider). */
    routing?: RoutingProvider;
    /** A street geocoder (test/helpers/geocoder-server.ts); default none: GeoNames places only. */
    geocoderUrl?: string;
  } = {},
): Promise<TestApi> {
  const ts = await openTestStore(kind);
  const deps = createDeps(ts.store, {
    dialects: opts.dialects ?? DIALECTS,
    clock: opts.clock,
    regions: opts.regions,
    rateLimiter: new RateLimiter(opts.rateLimit ?? null),
    geocoderUrl: opts.geocoderUrl ?? null,
    ...(opts.routing ? { routing: opts.routing } : {}),
  });
  const robo = new RoboCouriers(deps, { timeFactor: opts.uberRoboTimeFactor ?? 1 });
  const app = await buildServer(deps, {
    publicUrl: PUBLIC_URL,
    logLevel: 'silent',
    allowPrivateWebhookUrls: opts.allowPrivateWebhookUrls,
    robo,
    metricsToken: opts.metricsToken,
    adminToken: opts.adminToken,
    routeTable: opts.routeTable,
  });
  enforceOpenApiContract(app);
  const clientFor = (accountId: string, secret: string) => nativeClient(app, accountId, secret);
  const newAccount = async (name = 'test') => {
    const c = await createAccount(deps, name);
    return clientFor(c.account_id, c.secret_key);
  };
  return {
    app,
    deps,
    robo,
    api: await newAccount(),
    newAccount,
    close: async () => {
      await app.close();
      await deps.plans.close();
      await deps.live.close();
      await ts.dispose();
    },
  };
}
