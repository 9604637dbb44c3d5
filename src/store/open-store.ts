import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type { AlongsidePart } from './alongside.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { listenResilient } from './drivers/pg-listener.ts';
import { createResilientPool } from './drivers/pg-pool.ts';
import { usePreparedStatements } from './drivers/pg-prepared.ts';
import { LivePublisher, type LiveSink } from './live-publisher.ts';
import { migrate } from './migrate.ts';
import { KyselyAccountRepo } from './repos/account.repo.ts';
import { KyselyDeviceStateRepo } from './repos/device-state.repo.ts';
import { KyselyIngestRepo } from './repos/ingest.repo.ts';
import { KyselyRiskSweepRepo } from './repos/risk-sweep.repo.ts';
import { KyselyLiveRepo } from './repos/live.repo.ts';
import { KyselyBringgRepo } from './repos/bringg.repo.ts';
import { KyselyUberRepo } from './repos/uber.repo.ts';
import { KyselyUberOrgRepo } from './repos/uber-org.repo.ts';
import { KyselyLocationRepo } from './repos/location.repo.ts';
import { KyselyOrderChangeRepo } from './repos/order-change.repo.ts';
import { KyselyOrderRepo } from './repos/order.repo.ts';
import { KyselyOrderTaskRepo } from './repos/order-task.repo.ts';
import { KyselyRiskThresholdsRepo } from './repos/risk-thresholds.repo.ts';
import { KyselyDriverRepo } from './repos/driver.repo.ts';
import { KyselyRouteRepo } from './repos/route.repo.ts';
import { KyselyPlanRunRepo } from './repos/plan-run.repo.ts';
import { KyselyWebhookEndpointRepo } from './repos/webhook-endpoint.repo.ts';
import { KyselyWebhookOutboxRepo } from './repos/webhook-outbox.repo.ts';
import { KyselyWorkerRepo } from './repos/worker.repo.ts';
import type { DB } from './schema.ts';
import type { PoolStats, Repos, Store, StoreKind } from './store.ts';

export interface StoreConfig {
  /** A postgres:// URL selects PostgreSQL; otherwise the embedded store in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** The registered dialects' rows written with order changes (src/dialects.ts `alongsideParts`). */
  alongside?: readonly AlongsidePart[];
}

/** `batched`: the pool's repositories (a transaction's are not), whose hot writes share statements. */
const reposFor = (db: Kysely<DB>, live: LiveSink, parts: readonly AlongsidePart[], batched?: StoreKind): Repos => ({
  accounts: new KyselyAccountRepo(db),
  workers: new KyselyWorkerRepo(db, batched),
  routes: new KyselyRouteRepo(db),
  planRuns: new KyselyPlanRunRepo(db),
  orders: new KyselyOrderRepo(db, batched),
  orderTasks: new KyselyOrderTaskRepo(db),
  orderChanges: new KyselyOrderChangeRepo(db, live, batched, parts),
  locations: new KyselyLocationRepo(db),
  deviceStates: new KyselyDeviceStateRepo(db),
  live: new KyselyLiveRepo(live),
  bringg: new KyselyBringgRepo(db),
  uber: new KyselyUberRepo(db, batched),
  uberOrgs: new KyselyUberOrgRepo(db),
  webhookEndpoints: new KyselyWebhookEndpointRepo(db),
  webhookOutbox: new KyselyWebhookOutboxRepo(db),
  riskThresholds: new KyselyRiskThresholdsRepo(db),
  drivers: new KyselyDriverRepo(db),
  ingest: new KyselyIngestRepo(db, live),
  riskSweep: new KyselyRiskSweepRepo(db, live),
});

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

type Listen = Store['listen'];

class KyselyStore implements Store {
  readonly repos: Repos;
  private readonly publisher: LivePublisher;

  constructor(
    readonly kind: StoreKind,
    readonly db: Kysely<DB>,
    readonly listen: Listen,
    private readonly onClose: () => void = () => {},
    readonly poolStats: () => PoolStats | null = () => null,
    private readonly parts: readonly AlongsidePart[] = [],
  ) {
    this.publisher = new LivePublisher(db);
    // Outside a transaction each statement commits on its own: its events go out right after it.
    this.repos = reposFor(db, this.publisher.publish, parts, kind);
  }

  async transaction<T>(fn: (repos: Repos) => Promise<T>): Promise<T> {
    // Held back until COMMIT has returned; a rollback (the callback throws) drops them.
    const pending: string[] = [];
    const result = await this.db.transaction().execute((trx) => fn(reposFor(trx, (p) => pending.push(...p), this.parts)));
    this.publisher.publish(pending);
    return result;
  }

  async close(): Promise<void> {
    await this.publisher.idle();
    await this.db.destroy();
    this.onClose();
  }
}

/** The lock lives in the caller so a running server can publish its admin address in it. */
export interface OpenedStore {
  store: Store;
  lock: DataDirLock | null;
}

/** Opens the configured store and applies pending migrations. */
export async function openStore(config: StoreConfig): Promise<OpenedStore> {
  if (isPostgresUrl(config.databaseUrl)) {
    // timestamptz arrives as Date already; int8 counts stay strings and are converted where read.
    const pool = createResilientPool(config.databaseUrl, config.poolSize ?? 20);
    usePreparedStatements(pool);
    const url = config.databaseUrl;
    const store = new KyselyStore(
      'postgres',
      new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }),
      (channel, cb, opts) => listenResilient(url, channel, cb, opts),
      () => {},
      () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      config.alongside,
    );
    await migrate(store.db);
    return { store, lock: null };
  }
  const lock = lockDataDir(config.dataDir);
  try {
    // Loaded only for the embedded store: the WebAssembly engine costs ~35 MB of memory on import.
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('./drivers/pglite.ts')]);
    const pglite = await PGlite.create(join(config.dataDir, 'pgdata'));
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    // Holding the driver's session: PGlite is one session, and a LISTEN issued while another
    // request's transaction is open would join it and vanish if that transaction rolled back.
    const listen: Listen = async (channel, cb) => {
      const unlisten = await db.connection().execute(() => pglite.listen(channel, cb));
      return () =>
        db
          .connection()
          .execute(() => unlisten())
          .catch(() => {});
    };
    const store = new KyselyStore('pglite', db, listen, lock.release, undefined, config.alongside);
    await migrate(store.db);
    return { store, lock };
  } catch (e) {
    lock.release();
    throw e;
  }
}
