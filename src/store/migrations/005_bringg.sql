-- Order locks (Dropline core; Bringg reference §10): set while a dispatcher has locked the order.
alter table orders add column locked_at timestamptz;

-- Bringg integer ids come from sequences shared by all accounts, as Bringg's own ids are global.
create sequence bringg_merchant_ids;
create sequence bringg_task_ids;
create sequence bringg_way_point_ids;
create sequence bringg_user_ids;
create sequence bringg_customer_ids;
create sequence bringg_note_ids;
create sequence bringg_inventory_ids;

-- Per account: Bringg merchant id, the service-URL secret (the UUID pair, stored as its SHA-256)
-- and the OAuth client (secret hashed; the token signing key is server-side and kept in clear).
create table bringg_accounts (
  account_id           text primary key references accounts (account_id),
  merchant_id          bigint not null unique default nextval('bringg_merchant_ids'),
  service_secret_hash  text not null unique,
  tag_id               integer,
  client_id            text not null unique,
  client_secret_hash   text not null,
  signing_key          text not null,
  created_at           timestamptz not null
);

-- A Bringg task is a core order handle; this row keeps what only Bringg has (ids, external_id,
-- title, customer, money, notes, inventory, how it was started/ended/cancelled).
create table bringg_tasks (
  task_id                  bigint primary key,
  uuid                     uuid not null unique,
  account_id               text not null references accounts (account_id),
  order_handle             text not null,
  external_id              text not null,
  customer_id              bigint,
  automatically_started    integer,
  automatically_ended      integer,
  automatically_cancelled  integer,
  details                  jsonb not null default '{}',
  created_at               timestamptz not null,
  updated_at               timestamptz not null,
  unique (account_id, external_id),
  unique (account_id, order_handle)
);
create index bringg_tasks_customer on bringg_tasks (account_id, customer_id);

-- Way points address a stop (type, type_index) of the task's handle, so they survive new attempts.
create table bringg_way_points (
  way_point_id   bigint primary key,
  task_id        bigint not null references bringg_tasks (task_id) on delete cascade,
  position       integer not null,
  order_type     text not null,
  type_index     integer not null,
  checkin_time   timestamptz,
  checkin_lat    double precision,
  checkin_lng    double precision,
  checkout_time  timestamptz,
  checkout_lat   double precision,
  checkout_lng   double precision,
  automatically_checked_in   integer,
  automatically_checked_out  integer,
  details        jsonb not null default '{}',
  unique (task_id, position)
);

-- Bringg drivers ("users") are Dropline workers; the integer user_id is allocated on first use.
create table bringg_users (
  user_id        bigint primary key,
  account_id     text not null references accounts (account_id),
  worker_handle  text not null,
  unique (account_id, worker_handle)
);

create table bringg_customers (
  customer_id  bigint primary key,
  account_id   text not null references accounts (account_id),
  external_id  text,
  details      jsonb not null default '{}',
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  unique (account_id, external_id)
);

-- Further service URLs of an account, each bound to a tag (reference §1: the UUID pair picks the
-- merchant "and its bound Tag"); the account's first URL is bringg_accounts.service_secret_hash.
create table bringg_service_urls (
  secret_hash  text primary key,
  account_id   text not null references bringg_accounts (account_id),
  tag_id       integer not null,
  created_at   timestamptz not null
);
