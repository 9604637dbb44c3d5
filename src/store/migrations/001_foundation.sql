-- Accounts: the tenant boundary. Every other row carries account_id and every query filters on it.
create table accounts (
  account_id   text primary key,
  name         text not null,
  secret_hash  text not null,
  created_at   timestamptz not null
);

create table workers (
  account_id        text not null references accounts (account_id),
  worker_handle     text not null,
  name              text,
  profile           jsonb not null default '{}',
  ops_group_handle  text,
  created_at        timestamptz not null,
  updated_at        timestamptz not null,
  deleted_at        timestamptz,
  primary key (account_id, worker_handle)
);

-- Device identifiers are global: an OsmAnd client sends nothing but its id, so the id alone must
-- name one account's device.
create table devices (
  device_id      text primary key,
  account_id     text not null,
  worker_handle  text not null,
  created_at     timestamptz not null,
  foreign key (account_id, worker_handle) references workers (account_id, worker_handle)
);
create index devices_worker on devices (account_id, worker_handle);

create table routes (
  account_id        text not null references accounts (account_id),
  route_handle      text not null,
  plan_id           text not null,
  status            text not null,
  version           integer not null default 1,
  worker_handle     text,
  device_id         text,
  ops_group_handle  text,
  track_mode        text,
  plan_mode         text not null,
  metadata          jsonb not null default '{}',
  created_at        timestamptz not null,
  planned_at        timestamptz,
  assigned_at       timestamptz,
  started_at        timestamptz,
  completed_at      timestamptz,
  updated_at        timestamptz not null,
  primary key (account_id, route_handle)
);
create index routes_worker on routes (account_id, worker_handle) where completed_at is null;

create table orders (
  id                     uuid primary key,
  account_id             text not null references accounts (account_id),
  order_handle           text not null,
  type                   text not null,
  type_index             integer not null,
  fulfillment_attempt    integer not null,
  status                 text not null,
  status_before_disable  text,
  destination            jsonb not null,
  ops_group_handle       text,
  track_mode             text,
  plan_mode              text not null,
  scheduled_at           timestamptz,
  scheduled_after        timestamptz,
  expected_service_time  integer not null,
  capacity_used          integer not null,
  priority               text,
  product_type           jsonb,
  metadata               jsonb not null,
  region                 jsonb,
  share_code             text not null unique,
  worker_handle          text,
  device_id              text,
  route_handle           text,
  plan_id                text,
  created_at             timestamptz not null,
  planned_at             timestamptz,
  assigned_at            timestamptz,
  dispatched_at          timestamptz,
  started_at             timestamptz,
  completed_at           timestamptz,
  cancelled_at           timestamptz,
  disabled_at            timestamptz,
  enabled_at             timestamptz,
  rescheduled_marked_at  timestamptz,
  updated_at             timestamptz not null,
  tracking               jsonb not null,
  summary                jsonb,
  -- Denormalised from tracking.risks so lists can filter on risk_status with an index.
  at_risk                boolean not null default false,
  -- The order's timeline, rendered as the API shows it, appended to by every change: reading an
  -- order is one row, not a join.
  timeline               json not null default '[]'
);
create unique index orders_attempt on orders (account_id, order_handle, type, type_index, fulfillment_attempt);
-- HyperTrack: only one incomplete order per handle (per stop); a second one is duplicate_resource.
create unique index orders_one_open on orders (account_id, order_handle, type, type_index)
  where status not in ('completed', 'cancelled') and rescheduled_marked_at is null;
create index orders_by_created on orders (account_id, created_at, id);
create index orders_by_worker on orders (account_id, worker_handle, created_at);
create index orders_by_route on orders (account_id, route_handle);
create index orders_by_device_open on orders (device_id) where status = 'ongoing';
create index orders_metadata on orders using gin (metadata jsonb_path_ops);

-- Appends the elements of JSON array `b` to JSON array `a`, keeping both texts as written (json,
-- unlike jsonb, keeps each event's keys in the order the vendor documents them).
create function dropline_json_append(a json, b json) returns json language sql immutable as $$
  select case
    when json_array_length(b) = 0 then a
    when json_array_length(a) = 0 then b
    else (left(a::text, length(a::text) - 1) || ',' || substr(b::text, 2))::json
  end
$$;
