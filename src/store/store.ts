import type { Kysely } from 'kysely';
import type { AccountRepo } from './repos/account.repo.ts';
import type { DeviceStateRepo } from './repos/device-state.repo.ts';
import type { DriverRepo } from './repos/driver.repo.ts';
import type { IngestRepo } from './repos/ingest.repo.ts';
import type { LiveRepo } from './repos/live.repo.ts';
import type { BringgRepo } from './repos/bringg.repo.ts';
import type { UberRepo } from './repos/uber.repo.ts';
import type { UberOrgRepo } from './repos/uber-org.repo.ts';
import type { LocationRepo } from './repos/location.repo.ts';
import type { OrderChangeRepo } from './repos/order-change.repo.ts';
import type { OrderRepo } from './repos/order.repo.ts';
import type { OrderTaskRepo } from './repos/order-task.repo.ts';
import type { RiskSweepRepo } from './repos/risk-sweep.repo.ts';
import type { RiskThresholdsRepo } from './repos/risk-thresholds.repo.ts';
import type { RouteRepo } from './repos/route.repo.ts';
import type { PlanRunRepo } from './repos/plan-run.repo.ts';
import type { WebhookEndpointRepo } from './repos/webhook-endpoint.repo.ts';
import type { WebhookOutboxRepo } from './repos/webhook-outbox.repo.ts';
import type { WorkerRepo } from './repos/worker.repo.ts';
import type { DB } from './schema.ts';

/** The repositories, bound either to the pool or to one open transaction. */
export interface Repos {
  accounts: AccountRepo;
  workers: WorkerRepo;
  routes: RouteRepo;
  /** Plan runs: the jobs that plan an ops group's orders (docs/planning.md "Plan runs"). */
  planRuns: PlanRunRepo;
  orders: OrderRepo;
  /** An order's checklist tasks. */
  orderTasks: OrderTaskRepo;
  /** An order change and all its effects as one statement: the write path of every order change. */
  orderChanges: OrderChangeRepo;
  locations: LocationRepo;
  deviceStates: DeviceStateRepo;
  live: LiveRepo;
  bringg: BringgRepo;
  uber: UberRepo;
  uberOrgs: UberOrgRepo;
  webhookEndpoints: WebhookEndpointRepo;
  webhookOutbox: WebhookOutboxRepo;
  riskThresholds: RiskThresholdsRepo;
  /** The driver app: sign-in links, replayable actions, proofs of delivery. */
  drivers: DriverRepo;
  /** The location pipeline's batched statements. */
  ingest: IngestRepo;
  /** The risk sweep's claim, read and optimistic write. */
  riskSweep: RiskSweepRepo;
}

export type StoreKind = 'pglite' | 'postgres';

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** The unit of work services run in: every write of one use case commits or rolls back together. */
export interface Store {
  readonly kind: StoreKind;
  readonly repos: Repos;
  transaction<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for each NOTIFY on `channel` (after the notifying transaction commits). On
   * PostgreSQL a lost connection is re-established; `onReconnect` then says notifications were missed.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    opts?: { onReconnect?: () => void; onError?: (err: unknown) => void },
  ): Promise<() => Promise<void>>;
  /** The connection pool's counts (PostgreSQL); null on the embedded store. */
  poolStats(): PoolStats | null;
  /** The raw Kysely handle, for benchmarks' baselines and administrative checks only. */
  readonly db: Kysely<DB>;
  close(): Promise<void>;
}

/** Postgres SQLSTATE 23505; `constraint` narrows it to one index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code !== '23505') return false;
  if (!constraint) return true;
  return err.constraint === constraint || (err.message ?? '').includes(constraint);
}

/** Postgres SQLSTATE 40P01: the statement was chosen to break a lock cycle and wrote nothing. */
export function isDeadlock(e: unknown): boolean {
  return (e as { code?: string })?.code === '40P01';
}
