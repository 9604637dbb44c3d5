import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CompiledQuery, type DatabaseConnection, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOrder } from '../../src/core/order/lifecycle.ts';
import type { OrderTask } from '../../src/core/order/task.ts';
import { orderEvents, type TimelineEvent } from '../../src/core/order/timeline.ts';
import type { Order } from '../../src/core/order/types.ts';
import { DEFAULT_PRICE_MODEL } from '../../src/core/pricing.ts';
import type { PlanRun } from '../../src/core/plan-run.ts';
import type { Route } from '../../src/core/route.ts';
import type { EventSubject, WebhookEndpoint } from '../../src/core/webhook.ts';
import type { Worker } from '../../src/core/worker.ts';
import { LivePublisher } from '../../src/store/live-publisher.ts';
import type { BringgCustomer, BringgTask, BringgWayPoint } from '../../src/store/repos/bringg.repo.ts';
import type { OrderChangeWrite } from '../../src/store/repos/order-change.repo.ts';
import { KyselyOrderRepo } from '../../src/store/repos/order.repo.ts';
import type { UberDelivery } from '../../src/store/repos/uber.repo.ts';
import { KyselyUberRepo } from '../../src/store/repos/uber.repo.ts';
import type { NewOutboxEvent } from '../../src/store/repos/webhook-outbox.repo.ts';
import { KyselyWorkerRepo } from '../../src/store/repos/worker.repo.ts';
import type { Repos, Store } from '../../src/store/store.ts';
import { fixAt } from '../helpers/fixes.ts';
import { openTestStore, type TestStore } from '../helpers/stores.ts';
import { newOrderDraft } from '../helpers/new-order.ts';

/*
 * The SQL snapshots (docs/storage.md "SQL snapshots"): a tour calls every public method of every
 * repository with valid arguments and writes each statement it ran to src/store/queries/<repo>.sql,
 * so a change to any statement shows in review as a diff of the whole statement.
 */

const QUERIES = fileURLToPath(new URL('../../src/store/queries/', import.meta.url));

/** The pool's repositories on PostgreSQL batch concurrent lookups into statements of their own. */
interface Batched {
  orders: KyselyOrderRepo;
  workers: KyselyWorkerRepo;
  uber: KyselyUberRepo;
}

interface Ctx {
  batched: Batched;
  /** What the current variant has run so far. */
  statements: readonly string[];
}

interface Variant<R> {
  variant: string;
  /** Run on the repositories of a `store.transaction` (FOR UPDATE, transaction-scoped locks). */
  inTransaction?: boolean;
  // A method, not a property: its parameter is bivariant, so the runner can hold every variant as Variant<unknown>.
  run(repo: R, ctx: Ctx): Promise<unknown>;
}

/** Every repository and every method of its interface: a method added without a tour entry fails tsc. */
type Tour = { [K in keyof Repos]: { [M in keyof Repos[K]]-?: Variant<Repos[K]>[] } };

/**
 * Methods on a repository's prototype that are not part of its interface: helpers the public
 * methods run their statements through. Any other method the tour does not call fails the test.
 */
const INTERNAL: Partial<Record<keyof Repos, string[]>> = {
  orders: ['findOne'],
  orderChanges: ['writeGroups', 'writeStatement'],
  ingest: ['run'],
  riskSweep: ['run'],
};

const TRANSACTION_CONTROL = /^(begin|commit|rollback)$/i;

/** Blanks collapsed and each line trimmed; hand-written statements keep their line breaks, so a diff points at the line. */
const normaliseSql = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '')
    .join('\n');

/** `KyselyOrderChangeRepo` → `order-change.repo`, the file the class lives in. */
const fileOf = (className: string): string =>
  `${className
    .replace(/^Kysely/, '')
    .replace(/Repo$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()}.repo`;

// Fixed ids: the snapshots never depend on them, but a failing tour names rows one can look up.
const A = 'acc-sql';
const A2 = 'acc-sql-2';
const T0 = new Date('2030-01-01T08:00:00.000Z');
const T1 = new Date('2030-01-01T09:00:00.000Z');
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ORDER_1 = uuid(1);
const ORDER_2 = uuid(2);
const ORDER_3 = uuid(3);
const ORDER_4 = uuid(4);
const ORDER_UBER = uuid(5);
const ORDER_BRINGG = uuid(6);
const ORDER_7 = uuid(7);
const ORDER_8 = uuid(8);
const TASK_1 = uuid(101);
const TASK_2 = uuid(102);
const ENDPOINT_1 = uuid(201);
const ENDPOINT_2 = uuid(202);
const LEASE = '2030-01-01T07:59:59.123Z';

const draft = newOrderDraft;

const newOrder = (id: string, orderHandle: string, over: Partial<Order> = {}) => {
  const { order, events } = createOrder(draft(orderHandle), { id, accountId: A, shareCode: `share-${id.slice(-4)}`, fulfillmentAttempt: 0 }, T0);
  return { order: { ...order, ...over }, events };
};

const route = (routeHandle: string): Route => ({
  accountId: A,
  routeHandle,
  planId: `plan-${routeHandle}`,
  status: 'assigned',
  version: 1,
  stopSequence: [],
  workerHandle: 'worker-1',
  deviceId: 'device-1',
  opsGroupHandle: null,
  trackMode: null,
  planMode: 'manual',
  metadata: {},
  createdAt: T0,
  plannedAt: null,
  assignedAt: T0,
  startedAt: null,
  completedAt: null,
  updatedAt: T0,
});

const planRun = (planId: string): PlanRun => ({
  accountId: A,
  planId,
  opsGroupHandle: 'store-1',
  planDate: '2030-01-02',
  trigger: 'api',
  status: 'queued',
  request: { orderHandles: null, workerHandles: ['worker-1'], timeBudgetSeconds: 5, timezone: 'UTC' },
  result: null,
  error: null,
  createdAt: T0,
  startedAt: null,
  finishedAt: null,
});

const worker = (workerHandle: string): Omit<Worker, 'deviceIds' | 'isTracking'> => ({
  accountId: A,
  workerHandle,
  name: workerHandle,
  profile: { team: 'north' },
  opsGroupHandle: null,
  productTypes: [],
  home: { address: null, coordinates: [2.35, 48.85] },
  schedule: [{ dayOfWeek: 'MONDAY', startMinute: 480, endMinute: 1020, opsGroupHandle: null }],
  unavailableOn: [],
  timezone: null,
  available: true,
  createdAt: T0,
  updatedAt: T0,
  deletedAt: null,
});

const endpoint = (id: string): WebhookEndpoint => ({
  id,
  accountId: A,
  url: 'http://127.0.0.1:9/hook',
  format: 'hypertrack',
  events: null,
  secret: 'secret',
  previousSecret: null,
  previousSecretExpiresAt: null,
  authHeaderName: null,
  description: null,
  enabled: true,
  createdAt: T0,
  updatedAt: T0,
});

const subject = (o: Order): EventSubject => ({
  order_handle: o.orderHandle,
  type: o.type,
  type_index: o.typeIndex,
  fulfillment_attempt: o.fulfillmentAttempt,
  status: o.status,
  route_handle: o.routeHandle,
  worker_handle: o.workerHandle,
  device_id: o.deviceId,
  share_code: o.shareCode,
  metadata: o.metadata,
  scheduled_at: null,
  data: { value: 'created' },
});

const outboxEvent = (o: Order): NewOutboxEvent => ({ accountId: A, orderId: o.id, type: 'created', recordedAt: T0, createdAt: T0, subject: subject(o) });

const orderTask = (id: string, orderId: string): OrderTask => ({
  id,
  accountId: A,
  orderId,
  label: 'Collect signature',
  description: null,
  metadata: null,
  priority: 'low',
  status: 'pending',
  attachments: [],
  createdAt: T0,
  updatedAt: null,
});

const bringgTask = (taskId: number, orderHandle: string, customerId: number | null): BringgTask => ({
  taskId,
  uuid: uuid(300 + taskId),
  accountId: A,
  orderHandle,
  externalId: `ext-${taskId}`,
  customerId,
  automaticallyStarted: null,
  automaticallyEnded: null,
  automaticallyCancelled: null,
  details: { title: 'task' },
  createdAt: T0,
  updatedAt: T0,
});

const wayPoint = (wayPointId: number, taskId: number): BringgWayPoint => ({
  wayPointId,
  taskId,
  position: 1,
  orderType: 'drop',
  typeIndex: 0,
  checkinTime: null,
  checkinLat: null,
  checkinLng: null,
  checkoutTime: null,
  checkoutLat: null,
  checkoutLng: null,
  automaticallyCheckedIn: null,
  automaticallyCheckedOut: null,
  details: {},
});

const customer = (customerId: number, externalId: string | null): BringgCustomer => ({
  customerId,
  accountId: A,
  externalId,
  details: { name: 'Ada' },
  createdAt: T0,
  updatedAt: T0,
});

const uberDelivery = (deliveryId: string, orderHandle: string): UberDelivery => ({
  deliveryId,
  uuid: uuid(400),
  accountId: A,
  organizationId: 'cust-1',
  orderHandle,
  liveMode: false,
  quoteId: null,
  externalId: 'uber-ext-1',
  idempotencyKey: 'idem-1',
  fee: 700,
  tip: 0,
  currency: 'usd',
  robo: false,
  details: {},
  createdAt: T0,
  updatedAt: T0,
});

const change = (o: { order: Order; events: TimelineEvent[] }, over: Partial<OrderChangeWrite> = {}): OrderChangeWrite => ({
  order: o.order,
  events: o.events,
  isNew: true,
  outbox: [],
  live: null,
  completeRoute: false,
  ...over,
});

/** Rows every variant may rely on, made through the repositories before the tour records anything. */
async function seed(r: Repos): Promise<void> {
  await r.accounts.insert({ accountId: A, name: 'sql tour', secretHash: 'x', createdAt: T0 });
  await r.workers.insert(worker('worker-1'));
  await r.workers.insertDevice({ deviceId: 'device-1', accountId: A, workerHandle: 'worker-1', createdAt: T0, tokenHash: null });
  await r.routes.insert(route('route-1'));
  await r.planRuns.insert(planRun('plan-1'));
  await r.orders.save(newOrder(ORDER_1, 'order-1', { routeHandle: 'route-1', workerHandle: 'worker-1', deviceId: 'device-1' }).order, [], { isNew: true });
  await r.orders.save(newOrder(ORDER_2, 'order-2').order, [], { isNew: true });
  await r.orderTasks.insert([orderTask(TASK_1, ORDER_1)]);
  await r.ingest.storeFixes(
    [{ deviceId: 'device-1', fix: fixAt(T0, 2.35, 48.85) }],
    [{ deviceId: 'device-1', accountId: A, lastFix: fixAt(T0, 2.35, 48.85), lastSeenAt: T0 }],
    T0,
  );
  await r.webhookEndpoints.insert(endpoint(ENDPOINT_1));
  await r.webhookOutbox.enqueue([outboxEvent(newOrder(ORDER_1, 'order-1').order)]);
  const [event] = await r.webhookOutbox.pendingFanOut(10);
  await r.webhookOutbox.insertDeliveries([{ endpointId: ENDPOINT_1, eventSeq: event!.seq, orderId: ORDER_1, createdAt: T0 }]);
  await r.bringg.insertAccount({
    accountId: A,
    serviceSecretHash: 'service-hash',
    tagId: null,
    clientId: 'bringg-client',
    clientSecretHash: 'x',
    signingKey: 'k',
    createdAt: T0,
  });
  await r.bringg.insertServiceUrl({ secretHash: 'url-hash', accountId: A, tagId: 7, createdAt: T0 });
  await r.bringg.insertCustomer(customer(1, 'cust-ext-1'));
  await r.orders.save(newOrder(ORDER_BRINGG, 'bringg-1').order, [], { isNew: true });
  await r.bringg.insertTask(bringgTask(1, 'bringg-1', 1));
  await r.bringg.insertWayPoint(wayPoint(1, 1));
  await r.bringg.insertUser(A, 1, 'worker-1');
  await r.uber.insertAccount({ accountId: A, customerId: 'cust-1', pricing: DEFAULT_PRICE_MODEL, createdAt: T0 });
  await r.uber.insertClient({ clientId: 'uber-client', accountId: A, liveMode: false, clientSecretHash: 'x', signingKey: 'k', createdAt: T0 });
  await r.uber.insertQuote({
    quoteId: 'quote-1',
    accountId: A,
    organizationId: 'cust-1',
    liveMode: false,
    fee: 700,
    currency: 'usd',
    route: { pickup: [2.35, 48.85], dropoff: [2.36, 48.86], distance: 1000, duration: 300 },
    createdAt: T0,
    expiresAt: T1,
    deliveryId: null,
  });
  await r.orderChanges.writeAll([change(newOrder(ORDER_UBER, 'uber-1'))], { uberDeliveries: [uberDelivery('del-1', 'uber-1')] });
  await r.uberOrgs.insertOrganization({ organizationId: 'org-1', accountId: A, parentOrganizationId: 'cust-1', info: {}, options: {}, createdAt: T0 });
  await r.riskThresholds.save(A, { overrides: {}, updatedAt: T0 });
  await r.drivers.insertLink(driverLink('dlk_seeded'));
}

const driverLink = (linkId: string) => ({
  linkId,
  accountId: A,
  workerHandle: 'worker-1',
  tokenHash: 'hash',
  createdAt: T0,
  expiresAt: T1,
  revokedAt: null,
  lastUsedAt: null,
});

const proofFile = (proofId: string) => ({
  proofId,
  accountId: A,
  orderId: ORDER_1,
  kind: 'photo' as const,
  contentType: 'image/png',
  size: 4,
  sha256: 'abc',
  data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  createdAt: T0,
});

const tour: Tour = {
  accounts: {
    insert: [{ variant: 'one account', run: (r) => r.insert({ accountId: A2, name: 'second', secretHash: 'y', createdAt: T0 }) }],
    find: [{ variant: 'by id', run: (r) => r.find(A) }],
    list: [{ variant: 'all', run: (r) => r.list() }],
    count: [{ variant: 'all', run: (r) => r.count() }],
    findBranding: [{ variant: 'by id', run: (r) => r.findBranding(A) }],
    saveBranding: [
      { variant: 'whole object', run: (r) => r.saveBranding(A, { displayName: 'Shop', logo: null, color: '#112233', contactDriver: true, showProof: true }) },
    ],
  },
  workers: {
    insert: [{ variant: 'one worker', run: (r) => r.insert(worker('worker-2')) }],
    update: [{ variant: 'whole row', run: (r) => r.update({ ...worker('worker-2'), name: 'renamed', updatedAt: T1 }) }],
    find: [
      { variant: 'unlocked', run: (r) => r.find(A, 'worker-1') },
      { variant: 'for update', inTransaction: true, run: (r) => r.find(A, 'worker-1', { forUpdate: true }) },
      {
        variant: 'concurrent lookups batched, PostgreSQL pool',
        run: (_r, { batched }) => Promise.all([batched.workers.find(A, 'worker-1'), batched.workers.find(A, 'worker-2')]),
      },
    ],
    list: [
      { variant: 'no filter', run: (r) => r.list(A, {}, { limit: 10 }) },
      {
        variant: 'every filter, after a handle',
        run: (r) =>
          r.list(
            A,
            {
              opsGroupHandles: ['g1'],
              workerHandles: ['worker-1'],
              searchTerm: 'work',
              deviceId: 'device-1',
              includeDeleted: true,
              available: true,
              tracking: false,
              profile: { team: 'north' },
            },
            { limit: 10, after: 'a' },
          ),
      },
    ],
    listRows: [
      { variant: 'first page', run: (r) => r.listRows(A, { limit: 1000 }) },
      { variant: 'by profile, after a handle', run: (r) => r.listRows(A, { limit: 1000, after: 'a' }, { profile: { zone: '4' } }) },
    ],
    insertDevice: [
      { variant: 'one device', run: (r) => r.insertDevice({ deviceId: 'device-2', accountId: A, workerHandle: 'worker-2', createdAt: T0, tokenHash: null }) },
    ],
    findDevice: [{ variant: 'by id', run: (r) => r.findDevice('device-1') }],
    setDeviceToken: [{ variant: 'one device', run: (r) => r.setDeviceToken('device-2', 'token-hash') }],
  },
  routes: {
    insert: [{ variant: 'one route', run: (r) => r.insert(route('route-2')) }],
    update: [{ variant: 'whole row', run: (r) => r.update({ ...route('route-2'), version: 2, updatedAt: T1 }) }],
    find: [
      { variant: 'unlocked', run: (r) => r.find(A, 'route-1') },
      { variant: 'for update', inTransaction: true, run: (r) => r.find(A, 'route-1', { forUpdate: true }) },
    ],
    completeIfDone: [{ variant: 'one route', run: (r) => r.completeIfDone(A, 'route-2', ORDER_1, T1) }],
    findOpenForWorker: [{ variant: 'one worker', run: (r) => r.findOpenForWorker(A, 'worker-1') }],
    listOpenForWorkers: [{ variant: 'one account', run: (r) => r.listOpenForWorkers(A) }],
    setExpectedPaths: [
      {
        variant: 'one order',
        run: (r) =>
          r.setExpectedPaths(A, 'route-1', 1, [
            {
              orderId: ORDER_1,
              expectedPath: {
                routeHandle: 'route-1',
                path: [
                  [13.4, 52.5],
                  [13.41, 52.51],
                ],
              },
            },
          ]),
      },
    ],
    nextRunIds: [{ variant: 'three', run: (r) => r.nextRunIds(3) }],
  },
  planRuns: {
    insert: [{ variant: 'one run', run: (r) => r.insert(planRun('plan-2')) }],
    find: [{ variant: 'one run', run: (r) => r.find(A, 'plan-1') }],
    update: [
      {
        variant: 'finished',
        run: (r) =>
          r.update({
            ...planRun('plan-2'),
            status: 'completed',
            startedAt: T0,
            finishedAt: T1,
            result: { routes: [], planned: 0, unplanned: 0, unplannedOrders: [], skipped: 0, feasible: true, solverMs: 1, iterations: 1 },
          }),
      },
    ],
    listUnfinished: [{ variant: 'all', run: (r) => r.listUnfinished() }],
  },
  orders: {
    insert: [{ variant: 'one order', run: (r) => r.insert(newOrder(ORDER_3, 'order-3').order) }],
    update: [{ variant: 'whole row', run: (r) => r.update({ ...newOrder(ORDER_3, 'order-3').order, updatedAt: T1 }) }],
    save: [
      {
        variant: 'new, with its timeline',
        run: (r) => {
          const { order, events } = newOrder(ORDER_4, 'order-4');
          return r.save(order, events, { isNew: true });
        },
      },
      {
        variant: 'update, appending events',
        run: (r) => {
          const { order } = newOrder(ORDER_4, 'order-4');
          return r.save({ ...order, updatedAt: T1 }, [orderEvents.created(order)]);
        },
      },
      { variant: 'update, no events', run: (r) => r.save({ ...newOrder(ORDER_4, 'order-4').order, updatedAt: T1 }, []) },
    ],
    find: [
      { variant: 'by handle', run: (r) => r.find(A, { orderHandle: 'order-1' }) },
      // A stop (webhook dispatch, Bringg): each set of qualifiers is a statement of its own.
      { variant: 'by handle and stop', run: (r) => r.find(A, { orderHandle: 'order-1', type: 'drop', typeIndex: 0 }) },
      { variant: 'by every qualifier', run: (r) => r.find(A, { orderHandle: 'order-1', type: 'drop', typeIndex: 0, fulfillmentAttempt: 0 }) },
      { variant: 'for update', inTransaction: true, run: (r) => r.find(A, { orderHandle: 'order-1' }, { forUpdate: true }) },
    ],
    findWithTimeline: [
      { variant: 'by handle', run: (r) => r.findWithTimeline(A, { orderHandle: 'order-1' }) },
      // A stop (webhook dispatch, Bringg): each set of qualifiers is a statement of its own.
      { variant: 'by handle and stop', run: (r) => r.findWithTimeline(A, { orderHandle: 'order-1', type: 'drop', typeIndex: 0 }) },
      { variant: 'by every qualifier', run: (r) => r.findWithTimeline(A, { orderHandle: 'order-1', type: 'drop', typeIndex: 0, fulfillmentAttempt: 0 }) },
      { variant: 'for update', inTransaction: true, run: (r) => r.findWithTimeline(A, { orderHandle: 'order-1' }, { forUpdate: true }) },
      {
        variant: 'concurrent lookups batched, PostgreSQL pool',
        run: (_r, { batched }) =>
          Promise.all([batched.orders.findWithTimeline(A, { orderHandle: 'order-1' }), batched.orders.findWithTimeline(A, { orderHandle: 'order-2' })]),
      },
    ],
    findByShareCode: [{ variant: 'one code', run: (r) => r.findByShareCode(`share-${ORDER_1.slice(-4)}`) }],
    list: [
      { variant: 'no filter, first page', run: (r) => r.list(A, {}, { limit: 10, direction: 'desc' }) },
      {
        variant: 'every filter, after a cursor',
        run: (r) =>
          r.list(
            A,
            {
              statuses: ['unplanned', 'ongoing'],
              rescheduled: true,
              workerHandle: 'worker-1',
              deviceId: 'device-1',
              routeHandle: 'route-1',
              opsGroupHandle: 'g1',
              planId: 'plan-1',
              trackMode: 'on_time',
              planMode: 'manual',
              fulfillmentAttempt: 0,
              riskStatus: false,
              metadata: { customerID: '1' },
              searchTerm: 'order',
              ranges: [{ column: 'created_at', from: T0, to: T1 }],
              region: { country: 'FR' },
              workerProfile: { team: 'north' },
              tracked: true,
              destinationCell: { minLng: 2, maxLng: 3, minLat: 48, maxLat: 49 },
              workerInsideDestination: false,
              hasDevice: true,
              routeStarted: { from: T0, to: T1 },
            },
            { limit: 10, direction: 'asc', after: { createdAt: T0, id: ORDER_1 } },
          ),
      },
    ],
    listByIds: [
      { variant: 'unlocked', run: (r) => r.listByIds(A, [ORDER_1, ORDER_2]) },
      { variant: 'for update', inTransaction: true, run: (r) => r.listByIds(A, [ORDER_1], { forUpdate: true }) },
    ],
    listStopsOnRoutes: [{ variant: 'two routes', run: (r) => r.listStopsOnRoutes(A, ['route-1', 'route-2']) }],
    listOnRoute: [
      { variant: 'unlocked', run: (r) => r.listOnRoute(A, 'route-1') },
      { variant: 'for update', inTransaction: true, run: (r) => r.listOnRoute(A, 'route-1', { forUpdate: true }) },
    ],
    listByHandle: [
      { variant: 'unlocked', run: (r) => r.listByHandle(A, 'order-1') },
      { variant: 'for update', inTransaction: true, run: (r) => r.listByHandle(A, 'order-1', { forUpdate: true }) },
    ],
    listVersionsByHandle: [{ variant: 'one handle', run: (r) => r.listVersionsByHandle(A, 'order-1') }],
    lockOngoingBatch: [
      { variant: 'first batch', inTransaction: true, run: (r) => r.lockOngoingBatch(null, 10) },
      { variant: 'after an id', inTransaction: true, run: (r) => r.lockOngoingBatch(ORDER_1, 10) },
    ],
    listTrackedByDevice: [{ variant: 'one device', inTransaction: true, run: (r) => r.listTrackedByDevice('device-1') }],
  },
  orderTasks: {
    insert: [{ variant: 'two tasks', run: (r) => r.insert([orderTask(TASK_2, ORDER_1), orderTask(uuid(103), ORDER_1)]) }],
    listForOrder: [{ variant: 'one order', run: (r) => r.listForOrder(A, ORDER_1) }],
    find: [
      { variant: 'unlocked', run: (r) => r.find(A, ORDER_1, TASK_1) },
      { variant: 'for update', inTransaction: true, run: (r) => r.find(A, ORDER_1, TASK_1, { forUpdate: true }) },
    ],
    update: [{ variant: 'whole row', run: (r) => r.update({ ...orderTask(TASK_1, ORDER_1), status: 'completed', updatedAt: T1 }) }],
    delete: [{ variant: 'one task', run: (r) => r.delete(A, ORDER_1, TASK_2) }],
  },
  orderChanges: {
    write: [
      {
        variant: 'one change',
        run: (r) =>
          r.write(
            change(newOrder(ORDER_7, 'order-7', { routeHandle: 'route-7' }), {
              newRoute: route('route-7'),
              outbox: [outboxEvent(newOrder(ORDER_7, 'order-7').order)],
              live: { type: 'order', id: ORDER_7 },
            }),
          ),
      },
    ],
    writeAll: [
      {
        variant: 'several changes',
        run: async (r) => {
          const { order } = newOrder(ORDER_7, 'order-7', { routeHandle: 'route-7' });
          const done = { ...order, status: 'completed' as const, completedAt: T1, updatedAt: T1 };
          return r.writeAll([
            change({ order: done, events: [] }, { isNew: false, before: order, expectedVersion: '0', completeRoute: true }),
            change(newOrder(ORDER_8, 'order-8')),
          ]);
        },
      },
    ],
    writeAllReturning: [
      {
        variant: 'with Bringg rows alongside',
        run: (r) =>
          r.writeAllReturning([change({ order: { ...newOrder(ORDER_BRINGG, 'bringg-1').order, updatedAt: T1 }, events: [] }, { isNew: false })], {
            bringgCustomers: [customer(2, 'cust-ext-2')],
            bringgTaskPatches: [{ taskId: 1, accountId: A, automaticallyCancelled: null, details: { note: 'x' }, updatedAt: T1 }],
          }),
      },
    ],
  },
  locations: {
    insertNew: [{ variant: 'one fix', run: (r) => r.insertNew('device-1', [fixAt(T1, 2.351, 48.851)], T1) }],
    recent: [{ variant: 'one device', run: (r) => r.recent('device-1', T0, 10) }],
    ensureMonthPartition: [{ variant: 'one month', run: (r) => r.ensureMonthPartition(new Date('2001-01-15T00:00:00.000Z')) }],
    dropMonthsBefore: [{ variant: 'old months', run: (r) => r.dropMonthsBefore(new Date('2001-03-01T00:00:00.000Z')) }],
  },
  deviceStates: {
    find: [
      { variant: 'unlocked', run: (r) => r.find('device-1') },
      { variant: 'for update', inTransaction: true, run: (r) => r.find('device-1', { forUpdate: true }) },
    ],
    listForAccount: [{ variant: 'one account', run: (r) => r.listForAccount(A) }],
  },
  live: {
    notify: [
      {
        // The repository runs nothing itself: its event goes out with the store's LivePublisher.
        variant: 'outside a transaction, sent by the LivePublisher',
        run: async (r, ctx) => {
          await r.notify({ type: 'sql-tour' });
          await vi.waitFor(() => expect(ctx.statements.length).toBeGreaterThan(0));
        },
      },
    ],
  },
  bringg: {
    insertAccount: [
      {
        variant: 'one account',
        run: (r) =>
          r.insertAccount({
            accountId: A2,
            serviceSecretHash: 'service-hash-2',
            tagId: 3,
            clientId: 'bringg-client-2',
            clientSecretHash: 'x',
            signingKey: 'k',
            createdAt: T0,
          }),
      },
    ],
    findAccount: [
      { variant: 'by account', run: (r) => r.findAccount({ accountId: A }) },
      { variant: 'by service secret', run: (r) => r.findAccount({ serviceSecretHash: 'service-hash' }) },
      { variant: 'by a tag-bound service URL', run: (r) => r.findAccount({ serviceSecretHash: 'url-hash' }) },
      { variant: 'by client id', run: (r) => r.findAccount({ clientId: 'bringg-client' }) },
    ],
    insertServiceUrl: [{ variant: 'one URL', run: (r) => r.insertServiceUrl({ secretHash: 'url-hash-2', accountId: A, tagId: 8, createdAt: T0 }) }],
    nextId: [{ variant: 'one sequence', run: (r) => r.nextId('task') }],
    nextIds: [{ variant: 'several sequences', run: (r) => r.nextIds(['task', 'way_point', 'customer']) }],
    insertTask: [{ variant: 'one task', run: (r) => r.insertTask(bringgTask(2, 'order-2', null)) }],
    insertTaskIfAbsent: [{ variant: 'one task', run: (r) => r.insertTaskIfAbsent(bringgTask(3, 'order-3', null)) }],
    updateTask: [{ variant: 'whole row', run: (r) => r.updateTask({ ...bringgTask(2, 'order-2', null), updatedAt: T1 }) }],
    findTask: [
      { variant: 'by task id', run: (r) => r.findTask(A, { taskId: 1 }) },
      { variant: 'by external id', run: (r) => r.findTask(A, { externalId: 'ext-1' }) },
      { variant: 'by order handle', run: (r) => r.findTask(A, { orderHandle: 'bringg-1' }) },
      { variant: 'for update', inTransaction: true, run: (r) => r.findTask(A, { taskId: 1 }, { forUpdate: true }) },
    ],
    findTaskSnapshot: [
      { variant: 'by task id', run: (r) => r.findTaskSnapshot(A, { taskId: 1 }) },
      { variant: 'by external id', run: (r) => r.findTaskSnapshot(A, { externalId: 'ext-1' }) },
      { variant: 'by order handle', run: (r) => r.findTaskSnapshot(A, { orderHandle: 'bringg-1' }) },
    ],
    listTasks: [
      { variant: 'no filter', run: (r) => r.listTasks(A, {}) },
      { variant: 'by handles and customer', run: (r) => r.listTasks(A, { orderHandles: ['bringg-1', 'order-2'], customerId: 1 }) },
    ],
    insertWayPoint: [{ variant: 'one way point', run: (r) => r.insertWayPoint(wayPoint(2, 2)) }],
    updateWayPoint: [{ variant: 'whole row', run: (r) => r.updateWayPoint({ ...wayPoint(2, 2), checkinTime: T1 }) }],
    listWayPoints: [{ variant: 'two tasks', run: (r) => r.listWayPoints([1, 2]) }],
    listUnmappedOpenHandles: [{ variant: 'one account', run: (r) => r.listUnmappedOpenHandles(A, 10) }],
    listOpenMappedHandles: [{ variant: 'one account', run: (r) => r.listOpenMappedHandles(A, 10) }],
    findUser: [
      { variant: 'by user id', run: (r) => r.findUser(A, { userId: 1 }) },
      { variant: 'by worker handle', run: (r) => r.findUser(A, { workerHandle: 'worker-1' }) },
    ],
    insertUser: [{ variant: 'one user', run: (r) => r.insertUser(A, 2, 'worker-2') }],
    insertCustomer: [{ variant: 'one customer', run: (r) => r.insertCustomer(customer(3, null)) }],
    upsertCustomer: [{ variant: 'a known external id', run: (r) => r.upsertCustomer({ ...customer(4, 'cust-ext-1'), updatedAt: T1 }) }],
    patchCustomer: [
      { variant: 'by customer id', run: (r) => r.patchCustomer(A, { customerId: 1 }, { phone: '1' }, T1) },
      { variant: 'by external id', run: (r) => r.patchCustomer(A, { externalId: 'cust-ext-1' }, { phone: '2' }, T1) },
    ],
    findCustomer: [
      { variant: 'by customer id', run: (r) => r.findCustomer(A, { customerId: 1 }) },
      { variant: 'by external id', run: (r) => r.findCustomer(A, { externalId: 'cust-ext-1' }) },
    ],
  },
  uber: {
    insertAccount: [
      { variant: 'one account', run: (r) => r.insertAccount({ accountId: A2, customerId: 'cust-2', pricing: DEFAULT_PRICE_MODEL, createdAt: T0 }) },
    ],
    findAccount: [
      { variant: 'by account', run: (r) => r.findAccount({ accountId: A }) },
      { variant: 'by customer id', run: (r) => r.findAccount({ customerId: 'cust-1' }) },
      {
        variant: 'concurrent lookups batched, PostgreSQL pool',
        run: (_r, { batched }) => Promise.all([batched.uber.findAccount({ accountId: A }), batched.uber.findAccount({ accountId: A2 })]),
      },
    ],
    updatePricing: [{ variant: 'one account', run: (r) => r.updatePricing(A2, { ...DEFAULT_PRICE_MODEL, baseFee: 600 }) }],
    insertClient: [
      {
        variant: 'one client',
        run: (r) => r.insertClient({ clientId: 'uber-client-2', accountId: A2, liveMode: true, clientSecretHash: 'x', signingKey: 'k', createdAt: T0 }),
      },
    ],
    findClient: [{ variant: 'by id', run: (r) => r.findClient('uber-client') }],
    insertQuote: [
      {
        variant: 'one quote',
        run: (r) =>
          r.insertQuote({
            quoteId: 'quote-2',
            accountId: A,
            organizationId: 'cust-1',
            liveMode: false,
            fee: 800,
            currency: 'usd',
            route: { pickup: [2.35, 48.85], dropoff: [2.36, 48.86], distance: 1000, duration: 300 },
            createdAt: T0,
            expiresAt: T1,
            deliveryId: null,
          }),
      },
    ],
    findQuote: [
      { variant: 'unlocked', run: (r) => r.findQuote(A, 'quote-1') },
      { variant: 'for update', inTransaction: true, run: (r) => r.findQuote(A, 'quote-1', { forUpdate: true }) },
    ],
    markQuoteUsed: [{ variant: 'one quote', run: (r) => r.markQuoteUsed('quote-1', 'del-1') }],
    updateDelivery: [{ variant: 'whole row', run: (r) => r.updateDelivery({ ...uberDelivery('del-1', 'uber-1'), tip: 100, updatedAt: T1 }) }],
    findDelivery: [
      { variant: 'by delivery id', run: (r) => r.findDelivery(A, { deliveryId: 'del-1' }) },
      { variant: 'by idempotency key', run: (r) => r.findDelivery(A, { idempotencyKey: 'idem-1' }) },
      { variant: 'by order handle', run: (r) => r.findDelivery(A, { orderHandle: 'uber-1' }) },
      { variant: 'for update', inTransaction: true, run: (r) => r.findDelivery(A, { deliveryId: 'del-1' }, { forUpdate: true }) },
    ],
    findDeliveryWithOrders: [{ variant: 'one delivery', run: (r) => r.findDeliveryWithOrders(A, 'del-1') }],
    listByExternalId: [{ variant: 'one external id', run: (r) => r.listByExternalId(A, 'uber-ext-1') }],
    releaseIdempotencyKey: [{ variant: 'one key', run: (r) => r.releaseIdempotencyKey(A, 'idem-1', T0) }],
    announce: [{ variant: 'one delivery', run: (r) => r.announce(A, 'del-1', 'pending') }],
    listCourierActive: [
      { variant: 'first page', run: (r) => r.listCourierActive(null, 10) },
      { variant: 'after an id', run: (r) => r.listCourierActive('del-0', 10) },
    ],
    listDeliveries: [{ variant: 'one page', run: (r) => r.listDeliveries(A, 'cust-1', false, { offset: 0, limit: 10 }) }],
  },
  uberOrgs: {
    insertOrganization: [
      {
        variant: 'one organization',
        run: (r) => r.insertOrganization({ organizationId: 'org-2', accountId: A, parentOrganizationId: 'cust-1', info: {}, options: {}, createdAt: T0 }),
      },
    ],
    findOrganization: [{ variant: 'by id', run: (r) => r.findOrganization(A, 'org-1') }],
    insertMembership: [
      {
        variant: 'one membership',
        run: (r) =>
          r.insertMembership({
            membershipId: 'm-1',
            accountId: A,
            organizationId: 'org-1',
            email: 'ada@example.com',
            userDetails: {},
            roles: ['admin'],
            createdAt: T0,
          }),
      },
    ],
  },
  webhookEndpoints: {
    insert: [{ variant: 'one endpoint', run: (r) => r.insert(endpoint(ENDPOINT_2)) }],
    update: [{ variant: 'whole row', run: (r) => r.update({ ...endpoint(ENDPOINT_2), enabled: false, updatedAt: T1 }) }],
    find: [
      { variant: 'unlocked', run: (r) => r.find(A, ENDPOINT_1) },
      { variant: 'for update', inTransaction: true, run: (r) => r.find(A, ENDPOINT_1, { forUpdate: true }) },
    ],
    list: [{ variant: 'one account', run: (r) => r.list(A) }],
    listForAccounts: [{ variant: 'two accounts', run: (r) => r.listForAccounts([A, A2]) }],
    delete: [{ variant: 'one endpoint', run: (r) => r.delete(A, ENDPOINT_2) }],
  },
  webhookOutbox: {
    hasWork: [{ variant: 'idle poll', run: (r) => r.hasWork(T1) }],
    backlog: [{ variant: 'all accounts', run: (r) => r.backlog() }],
    enqueue: [
      { variant: 'two events', run: (r) => r.enqueue([outboxEvent(newOrder(ORDER_2, 'order-2').order), outboxEvent(newOrder(ORDER_2, 'order-2').order)]) },
    ],
    tryLockFanOut: [{ variant: 'transaction-scoped', inTransaction: true, run: (r) => r.tryLockFanOut() }],
    pendingFanOut: [{ variant: 'one batch', run: (r) => r.pendingFanOut(10) }],
    markFannedOut: [{ variant: 'two events', run: (r) => r.markFannedOut(['1', '2']) }],
    insertDeliveries: [
      {
        variant: 'one delivery',
        // The seeded delivery's event again: the conflict clause makes it a no-op.
        run: (r) => r.insertDeliveries([{ endpointId: ENDPOINT_1, eventSeq: '1', orderId: ORDER_1, createdAt: T0 }]),
      },
    ],
    claim: [{ variant: 'a due delivery', run: (r) => r.claim(T1, new Date(T1.getTime() + 30_000), 1) }],
    settle: [
      { variant: 'one outcome', run: (r) => r.settle([{ id: '1', settlement: { state: 'delivered', lastStatus: 200, lastError: null, deliveredAt: T1 } }]) },
    ],
    listDeliveries: [
      { variant: 'one endpoint', run: (r) => r.listDeliveries(ENDPOINT_1, { limit: 10 }) },
      { variant: 'every filter', run: (r) => r.listDeliveries(ENDPOINT_1, { state: 'pending', orderId: ORDER_1, beforeId: '100', limit: 10 }) },
    ],
    findDelivery: [{ variant: 'by id', run: (r) => r.findDelivery(ENDPOINT_1, '1') }],
    requeue: [{ variant: 'one delivery', run: (r) => r.requeue(ENDPOINT_1, '1', T1) }],
    eventsOfOrder: [{ variant: 'one order', run: (r) => r.eventsOfOrder(ORDER_1) }],
    releaseLeases: [{ variant: 'all', run: (r) => r.releaseLeases() }],
  },
  riskThresholds: {
    find: [
      { variant: 'unlocked', run: (r) => r.find(A) },
      { variant: 'for update', inTransaction: true, run: (r) => r.find(A, { forUpdate: true }) },
    ],
    save: [{ variant: 'upsert', run: (r) => r.save(A, { overrides: {}, updatedAt: T1 }) }],
  },
  drivers: {
    insertLink: [{ variant: 'one link', run: (r) => r.insertLink(driverLink('dlk_new')) }],
    findLink: [{ variant: 'by id', run: (r) => r.findLink('dlk_seeded') }],
    listLinks: [{ variant: "a worker's", run: (r) => r.listLinks(A, 'worker-1') }],
    revokeLink: [{ variant: 'once', run: (r) => r.revokeLink(A, 'worker-1', 'dlk_seeded', T1) }],
    touchLink: [{ variant: 'sign-in', run: (r) => r.touchLink('dlk_seeded', T1) }],
    insertAction: [
      {
        variant: 'an answer',
        run: (r) =>
          r.insertAction({ accountId: A, workerHandle: 'worker-1', actionId: 'act-1', action: 'accept', subject: ORDER_1, answer: {}, createdAt: T0 }),
      },
    ],
    findAction: [{ variant: 'by id', run: (r) => r.findAction(A, 'worker-1', 'act-1') }],
    putProofFile: [{ variant: 'upsert', run: (r) => r.putProofFile(proofFile('prf_1')) }],
    findProofFile: [{ variant: 'by id', run: (r) => r.findProofFile('prf_1') }],
    proofFilesOf: [{ variant: 'two orders', run: (r) => r.proofFilesOf(A, [ORDER_1, ORDER_2]) }],
    saveStopProof: [
      {
        variant: 'upsert',
        run: (r) =>
          r.saveStopProof({
            orderId: ORDER_1,
            accountId: A,
            barcodes: [{ value: 'x', type: 'QR' }],
            pinEntered: '1234',
            notes: null,
            signerName: null,
            completionLocation: { lat: 1, lng: 2, accuracy: null },
            completedAt: T1,
          }),
      },
    ],
    stopProofsOf: [{ variant: 'two orders', run: (r) => r.stopProofsOf(A, [ORDER_1, ORDER_2]) }],
    findStop: [{ variant: 'by id', run: (r) => r.findStop(A, ORDER_1) }],
    findRequiredProofs: [{ variant: 'by account', run: (r) => r.findRequiredProofs(A) }],
    saveRequiredProofs: [{ variant: 'upsert', run: (r) => r.saveRequiredProofs(A, { photo: true }, T1) }],
  },
  ingest: {
    lockStates: [{ variant: 'two devices', inTransaction: true, run: (r) => r.lockStates(['device-1', 'device-2']) }],
    storeFixes: [
      {
        variant: 'fixes and states',
        run: (r) =>
          r.storeFixes(
            [{ deviceId: 'device-1', fix: fixAt(new Date(T1.getTime() + 1000), 2.352, 48.852) }],
            [{ deviceId: 'device-1', accountId: A, lastFix: fixAt(T1, 2.352, 48.852), lastSeenAt: T1 }],
            T1,
          ),
      },
    ],
    lockTrackedOrders: [{ variant: 'one device', inTransaction: true, run: (r) => r.lockTrackedOrders(['device-1']) }],
    recentFixes: [{ variant: 'two devices', run: (r) => r.recentFixes(['device-1', 'device-2'], T0, 10) }],
    finish: [
      {
        variant: 'one order, one event, one heard device',
        run: (r) => {
          const { order } = newOrder(ORDER_1, 'order-1');
          return r.finish({ orders: [{ order, events: [], riskDueAt: T1 }], outbox: [outboxEvent(order)], live: [], heardDeviceIds: ['device-1'] });
        },
      },
    ],
    writeFresh: [
      {
        // Its versions are stale on purpose: the statement rolls itself back and answers null.
        variant: 'a whole group',
        run: (r) =>
          r.writeFresh({
            states: [{ state: { deviceId: 'device-1', accountId: A, lastFix: fixAt(T1, 2.35, 48.85), lastSeenAt: T1 }, expectedVersion: 0 }],
            fixes: [{ deviceId: 'device-1', fix: fixAt(new Date(T1.getTime() + 2000), 2.35, 48.85) }],
            orders: [],
            trackingDeviceIds: ['device-1'],
            heardDeviceIds: [],
            outbox: [],
            live: [],
            receivedAt: T1,
          }),
      },
    ],
  },
  riskSweep: {
    claimDue: [{ variant: 'one batch', run: (r) => r.claimDue(T1, LEASE, 10) }],
    load: [{ variant: 'two orders', run: (r) => r.load([ORDER_1, ORDER_2]) }],
    finish: [
      {
        variant: 'a written change and a bare claim',
        run: (r) => {
          const { order } = newOrder(ORDER_1, 'order-1');
          return r.finish(
            [
              { orderId: ORDER_1, write: { order, events: [], riskDueAt: T1, version: '0', outbox: [outboxEvent(order)], live: {} }, dueAt: T1 },
              { orderId: ORDER_2, write: null, dueAt: null },
            ],
            LEASE,
            T1,
          );
        },
      },
    ],
    checkAccountNow: [{ variant: 'one account', run: (r) => r.checkAccountNow(A) }],
  },
};

describe('SQL snapshots', () => {
  let ts: TestStore;
  let store: Store;
  /** Statements by label (`repo.method (variant)`), recorded at the driver's connection. */
  const captured = new Map<string, string[]>();
  let current: string[] | null = null;
  let publisherSql = '';
  /** Methods each repository was called through (the tour's calls, not the repositories' own). */
  const called = new Map<string, Set<string>>();
  let calledNow = new Set<string>();

  const track = <T extends object>(key: string, repo: T): T =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          let seen = called.get(key);
          if (!seen) called.set(key, (seen = new Set()));
          seen.add(prop);
          calledNow.add(`${key}.${prop}`);
          return value.apply(target, args);
        };
      },
    });
  const trackAll = (repos: Repos): Repos => Object.fromEntries(Object.entries(repos).map(([k, v]) => [k, track(k, v as object)])) as unknown as Repos;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    store = ts.store;
    // Every statement of the store passes the driver's one connection: the pool's, a
    // transaction's, `sql`...`.execute(db)` and raw CompiledQuery alike.
    const connection = await store.db.getExecutor().provideConnection(async (c) => c);
    const execute = connection.executeQuery.bind(connection);
    connection.executeQuery = (<R>(q: CompiledQuery) => {
      if (current && !TRANSACTION_CONTROL.test(q.sql.trim())) current.push(q.sql);
      return execute<R>(q);
    }) as DatabaseConnection['executeQuery'];
    await seed(store.repos);
  });
  afterAll(() => ts?.dispose());

  it("records a transaction's statements and raw sql, not only db.executeQuery", async () => {
    current = [];
    // nextId runs `sql`...`.execute(db)` on the transaction's Kysely.
    await store.transaction(async (trx) => {
      await trx.accounts.count();
      await trx.bringg.nextId('note');
    });
    await sql`select 1 as tour_probe`.execute(store.db);
    const seen = current;
    current = null;
    expect(seen).toEqual(['select count(*) as "n" from "accounts"', 'select nextval($1::regclass) as id', 'select 1 as tour_probe']);
  });

  it("records the LivePublisher's send", async () => {
    const publisher = new LivePublisher(store.db);
    current = [];
    publisher.publish(['{}']);
    await publisher.idle();
    expect(current).toHaveLength(1);
    publisherSql = current[0]!;
    current = null;
    captured.set('LivePublisher.publish (one batch)', [publisherSql]);
  });

  it('runs every repository method and records what each ran', async () => {
    const batched = trackBatched(track, store);
    for (const [key, methods] of Object.entries(tour) as [keyof Repos, Record<string, Variant<unknown>[]>][]) {
      for (const [method, variants] of Object.entries(methods)) {
        expect(variants.length, `${key}.${method} has no variant`).toBeGreaterThan(0);
        for (const v of variants) {
          const label = `${key}.${method} (${v.variant})`;
          const statements: string[] = [];
          calledNow = new Set();
          current = statements;
          const ctx: Ctx = { batched, statements };
          try {
            if (v.inTransaction) await store.transaction((trx) => v.run(trackAll(trx)[key], ctx));
            else await v.run(trackAll(store.repos)[key], ctx);
          } catch (e) {
            throw new Error(`${label} failed: ${(e as Error).message}`);
          } finally {
            current = null;
          }
          expect(calledNow.has(`${key}.${method}`), `${label} does not call ${key}.${method}`).toBe(true);
          // A live event published by an earlier write may go out while this variant runs.
          const own = key === 'live' ? statements : statements.filter((s) => s !== publisherSql);
          expect(own.length, `${label} ran no statement`).toBeGreaterThan(0);
          captured.set(label, [...new Set(own)]);
        }
      }
    }
  });

  it('leaves no repository, and no method of one, out of the tour', () => {
    const missingRepos = Object.keys(store.repos).filter((k) => !(k in tour));
    const missingMethods = Object.entries(store.repos).flatMap(([key, repo]) => {
      const proto = Object.getPrototypeOf(repo) as object;
      const internal = INTERNAL[key as keyof Repos] ?? [];
      return Object.getOwnPropertyNames(proto)
        .filter((m) => m !== 'constructor' && typeof Reflect.get(proto, m) === 'function')
        .filter((m) => !internal.includes(m) && !called.get(key)?.has(m))
        .map((m) => `${key}.${m}`);
    });
    expect(missingRepos, 'repositories in Repos without a tour').toEqual([]);
    expect(missingMethods, 'repository methods the tour never called').toEqual([]);
  });

  it('matches the checked-in snapshots', async () => {
    const files = new Map<string, string[]>([['live-publisher', [...captured.keys()].filter((l) => l.startsWith('LivePublisher.'))]]);
    for (const key of Object.keys(tour) as (keyof Repos)[]) {
      const file = fileOf(Object.getPrototypeOf(store.repos[key]).constructor.name);
      const labels = [...captured.keys()].filter((l) => l.startsWith(`${key}.`));
      files.set(file, [...(files.get(file) ?? []), ...labels]);
    }
    for (const [file, labels] of files) {
      // A statement another method of the file runs too is printed once: a change to it shows once in the diff.
      const firstSeen = new Map<string, string>();
      const body = labels
        .map((l) => {
          const lines = captured.get(l)!.map((raw) => {
            const text = normaliseSql(raw);
            const earlier = firstSeen.get(text);
            if (earlier) return `-- the statement of ${earlier}`;
            firstSeen.set(text, l);
            return `${text};`;
          });
          return `-- ${l}\n${lines.join('\n')}\n`;
        })
        .join('\n');
      const text = `-- Generated by test/store/sql-snapshots.test.ts; update with: npx vitest run test/store/sql-snapshots.test.ts -u\n\n${body}`;
      await expect(text).toMatchFileSnapshot(`${QUERIES}${file}.sql`);
    }
    const stale = (existsSync(QUERIES) ? readdirSync(QUERIES) : []).filter((f) => f.endsWith('.sql') && !files.has(f.slice(0, -4)));
    expect(stale, 'snapshot files no repository writes any more').toEqual([]);
  });
});

function trackBatched(track: <T extends object>(key: string, repo: T) => T, store: Store): Batched {
  return {
    orders: track('orders', new KyselyOrderRepo(store.db, 'postgres')),
    workers: track('workers', new KyselyWorkerRepo(store.db, 'postgres')),
    uber: track('uber', new KyselyUberRepo(store.db, 'postgres')),
  };
}
