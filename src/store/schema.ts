import type { ColumnType, Generated } from 'kysely';
import type { ShiftEntry, WorkerHome } from '../core/worker.ts';

/** Row types of the SQL schema in `migrations/`. jsonb columns are written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
type Ts = Date;

export interface AccountsTable {
  account_id: string;
  name: string;
  secret_hash: string;
  created_at: Ts;
  branding: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface WorkersTable {
  account_id: string;
  worker_handle: string;
  name: string | null;
  profile: Json<Record<string, unknown>>;
  ops_group_handle: string | null;
  product_types: Json<string[]>;
  home: Json<WorkerHome | null> | null;
  schedule: Json<ShiftEntry[]>;
  unavailable_on: Json<string[]>;
  timezone: string | null;
  available: boolean;
  created_at: Ts;
  updated_at: Ts;
  deleted_at: Ts | null;
}

export interface DevicesTable {
  device_id: string;
  account_id: string;
  worker_handle: string;
  created_at: Ts;
  token_hash: string | null;
}

export interface RoutesTable {
  account_id: string;
  route_handle: string;
  plan_id: string;
  status: string;
  version: number;
  worker_handle: string | null;
  device_id: string | null;
  ops_group_handle: string | null;
  track_mode: string | null;
  plan_mode: string;
  metadata: Json<Record<string, unknown>>;
  created_at: Ts;
  planned_at: Ts | null;
  assigned_at: Ts | null;
  started_at: Ts | null;
  completed_at: Ts | null;
  updated_at: Ts;
  stop_sequence: Json<unknown>;
}

export interface OrdersTable {
  id: string;
  account_id: string;
  order_handle: string;
  type: string;
  type_index: number;
  fulfillment_attempt: number;
  status: string;
  status_before_disable: string | null;
  destination: Json<unknown>;
  ops_group_handle: string | null;
  track_mode: string | null;
  plan_mode: string;
  scheduled_at: Ts | null;
  scheduled_after: Ts | null;
  expected_service_time: number;
  capacity_used: number;
  priority: string | null;
  product_type: Json<string[] | null> | null;
  metadata: Json<Record<string, unknown>>;
  region: Json<unknown> | null;
  share_code: string;
  worker_handle: string | null;
  device_id: string | null;
  route_handle: string | null;
  plan_id: string | null;
  created_at: Ts;
  planned_at: Ts | null;
  assigned_at: Ts | null;
  dispatched_at: Ts | null;
  started_at: Ts | null;
  completed_at: Ts | null;
  cancelled_at: Ts | null;
  disabled_at: Ts | null;
  enabled_at: Ts | null;
  rescheduled_marked_at: Ts | null;
  locked_at: Ts | null;
  updated_at: Ts;
  tracking: Json<unknown>;
  summary: Json<unknown> | null;
  /** The planned path (migration 023): { route_handle, path }, written only by the route path refresh. */
  expected_path: Json<unknown> | null;
  at_risk: boolean;
  planning_failure_reason: string | null;
  planned_estimate: Json<unknown> | null;
  // Defaults to [] on insert; appended to with dropline_json_append on update.
  timeline: ColumnType<unknown[], string | undefined, string>;
}

export interface DeviceLocationsTable {
  device_id: string;
  recorded_at: Ts;
  lng: number;
  lat: number;
  altitude: number | null;
  accuracy: number | null;
  speed: number | null;
  bearing: number | null;
  battery: number | null;
  activity: string | null;
  received_at: Ts;
}

export interface DeviceStateTable {
  device_id: string;
  account_id: string;
  recorded_at: Ts | null;
  lng: number | null;
  lat: number | null;
  altitude: number | null;
  accuracy: number | null;
  speed: number | null;
  bearing: number | null;
  battery: number | null;
  activity: string | null;
  last_seen_at: Ts;
  /** Bumped by every ingest, so a process can tell whether its cached window of fixes is current. */
  history_version: ColumnType<string, number | undefined, number>;
}

export interface AccountRiskThresholdsTable {
  account_id: string;
  overrides: Json<Record<string, { yellow?: number; red?: number }>>;
  updated_at: Ts;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Ts;
}

export interface BringgServiceUrlsTable {
  secret_hash: string;
  account_id: string;
  tag_id: number;
  created_at: Ts;
}

export interface BringgAccountsTable {
  account_id: string;
  merchant_id: Generated<string>;
  service_secret_hash: string;
  tag_id: number | null;
  client_id: string;
  client_secret_hash: string;
  signing_key: string;
  created_at: Ts;
}

/** bigint ids: written as numbers, read back as strings by pg (int8) and converted in the repo. */
type BigId = ColumnType<string | number, number, number>;

export interface BringgTasksTable {
  task_id: BigId;
  uuid: string;
  account_id: string;
  order_handle: string;
  external_id: string;
  customer_id: ColumnType<string | number | null, number | null, number | null>;
  automatically_started: number | null;
  automatically_ended: number | null;
  automatically_cancelled: number | null;
  details: Json<Record<string, unknown>>;
  created_at: Ts;
  updated_at: Ts;
}

export interface BringgWayPointsTable {
  way_point_id: BigId;
  task_id: BigId;
  position: number;
  order_type: string;
  type_index: number;
  checkin_time: Ts | null;
  checkin_lat: number | null;
  checkin_lng: number | null;
  checkout_time: Ts | null;
  checkout_lat: number | null;
  checkout_lng: number | null;
  automatically_checked_in: number | null;
  automatically_checked_out: number | null;
  details: Json<Record<string, unknown>>;
}

export interface BringgUsersTable {
  user_id: BigId;
  account_id: string;
  worker_handle: string;
}

export interface BringgCustomersTable {
  customer_id: BigId;
  account_id: string;
  external_id: string | null;
  details: Json<Record<string, unknown>>;
  created_at: Ts;
  updated_at: Ts;
}

export interface UberAccountsTable {
  account_id: string;
  customer_id: string;
  pricing: Json<Record<string, unknown>>;
  created_at: Ts;
}

export interface UberClientsTable {
  client_id: string;
  account_id: string;
  live_mode: boolean;
  client_secret_hash: string;
  signing_key: string;
  created_at: Ts;
}

export interface UberQuotesTable {
  quote_id: string;
  account_id: string;
  organization_id: string;
  live_mode: boolean;
  fee: number;
  currency: string;
  route: Json<Record<string, unknown>>;
  created_at: Ts;
  expires_at: Ts;
  delivery_id: string | null;
}

export interface UberOrganizationsTable {
  organization_id: string;
  account_id: string;
  parent_organization_id: string;
  info: Json<Record<string, unknown>>;
  options: Json<Record<string, unknown>>;
  created_at: Ts;
}

export interface UberMembershipsTable {
  membership_id: string;
  account_id: string;
  organization_id: string;
  email: string;
  user_details: Json<Record<string, unknown>>;
  roles: Json<string[]>;
  created_at: Ts;
}

export interface UberDeliveriesTable {
  delivery_id: string;
  uuid: string;
  account_id: string;
  organization_id: string;
  order_handle: string;
  live_mode: boolean;
  quote_id: string | null;
  external_id: string | null;
  idempotency_key: string | null;
  fee: number;
  tip: number;
  currency: string;
  robo: boolean;
  details: Json<Record<string, unknown>>;
  announced: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Ts;
  updated_at: Ts;
}

export interface DriverLinksTable {
  link_id: string;
  account_id: string;
  worker_handle: string;
  token_hash: string;
  created_at: Ts;
  expires_at: Ts;
  revoked_at: Ts | null;
  last_used_at: Ts | null;
}

export interface DriverActionsTable {
  account_id: string;
  worker_handle: string;
  action_id: string;
  action: string;
  subject: string;
  answer: Json<unknown>;
  created_at: Ts;
}

export interface ProofFilesTable {
  proof_id: string;
  account_id: string;
  order_id: string;
  kind: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  created_at: Ts;
}

export interface StopProofsTable {
  order_id: string;
  account_id: string;
  barcodes: Json<{ value: string; type: string | null }[]>;
  pin_entered: string | null;
  notes: string | null;
  signer_name: string | null;
  completion_location: Json<{ lat: number; lng: number; accuracy: number | null } | null> | null;
  completed_at: Ts;
}

export interface DriverSettingsTable {
  account_id: string;
  required_proofs: Json<Record<string, boolean>>;
  updated_at: Ts;
}

export interface DB {
  uber_accounts: UberAccountsTable;
  uber_clients: UberClientsTable;
  uber_quotes: UberQuotesTable;
  uber_deliveries: UberDeliveriesTable;
  uber_organizations: UberOrganizationsTable;
  uber_memberships: UberMembershipsTable;
  bringg_accounts: BringgAccountsTable;
  bringg_service_urls: BringgServiceUrlsTable;
  bringg_tasks: BringgTasksTable;
  bringg_way_points: BringgWayPointsTable;
  bringg_users: BringgUsersTable;
  bringg_customers: BringgCustomersTable;
  accounts: AccountsTable;
  workers: WorkersTable;
  devices: DevicesTable;
  routes: RoutesTable;
  orders: OrdersTable;
  plan_runs: PlanRunsTable;
  order_tasks: OrderTasksTable;
  device_locations: DeviceLocationsTable;
  device_state: DeviceStateTable;
  account_risk_thresholds: AccountRiskThresholdsTable;
  driver_links: DriverLinksTable;
  driver_actions: DriverActionsTable;
  proof_files: ProofFilesTable;
  stop_proofs: StopProofsTable;
  driver_settings: DriverSettingsTable;
  schema_migrations: SchemaMigrationsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export interface OrderTasksTable {
  id: string;
  seq: Generated<string>;
  account_id: string;
  order_id: string;
  label: string;
  description: string | null;
  metadata: Json<Record<string, unknown> | null> | null;
  priority: string | null;
  status: string;
  attachments: Json<unknown[]>;
  created_at: Ts;
  updated_at: Ts | null;
}

export interface WebhookEndpointsTable {
  id: string;
  account_id: string;
  url: string;
  format: string;
  events: Json<string[] | null> | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Ts | null;
  auth_header_name: string | null;
  description: string | null;
  enabled: boolean;
  created_at: Ts;
  updated_at: Ts;
}

export interface WebhookEventsTable {
  id: Generated<string>;
  event_id: Generated<string>;
  account_id: string;
  order_id: string;
  type: string;
  recorded_at: Ts;
  created_at: Ts;
  subject: Json<unknown>;
  fanned_out: Generated<boolean>;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  order_id: string;
  state: string;
  attempts: Generated<number>;
  next_attempt_at: Ts;
  leased_until: Ts | null;
  last_attempt_at: Ts | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Ts | null;
  created_at: Ts;
  retry_from: Ts;
}

export interface PlanRunsTable {
  account_id: string;
  plan_id: string;
  ops_group_handle: string;
  plan_date: string;
  trigger: string;
  status: string;
  request: Json<unknown>;
  result: Json<unknown> | null;
  error: string | null;
  created_at: Ts;
  started_at: Ts | null;
  finished_at: Ts | null;
}
