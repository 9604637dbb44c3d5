-- Uber Direct (reference §1): per account one customer_id (the organization in the URL path),
-- the price model quotes and deliveries are charged by, and two OAuth clients — live and test.
create table uber_accounts (
  account_id   text primary key references accounts (account_id),
  customer_id  text not null unique,
  pricing      jsonb not null,
  created_at   timestamptz not null
);

-- Secrets are stored as SHA-256; the token signing key is server-side and kept in clear.
create table uber_clients (
  client_id           text primary key,
  account_id          text not null references uber_accounts (account_id),
  live_mode           boolean not null,
  client_secret_hash  text not null,
  signing_key         text not null,
  created_at          timestamptz not null
);

-- Quotes are valid 15 minutes and usable once (reference §4, §9 expired_quote / used_quote).
create table uber_quotes (
  quote_id     text primary key,
  account_id   text not null references accounts (account_id),
  live_mode    boolean not null,
  fee          integer not null,
  currency     text not null,
  route        jsonb not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  delivery_id  text
);

-- A delivery is the core order handle `order_handle` (a pick and a drop stop); this row keeps what
-- only Uber has. idempotency_key is unique while it is inside its window: an expired key is
-- cleared before it is reused, so the unique index decides races between concurrent creates.
create table uber_deliveries (
  delivery_id      text primary key,
  uuid             text not null unique,
  account_id       text not null references accounts (account_id),
  order_handle     text not null,
  live_mode        boolean not null,
  quote_id         text,
  external_id      text,
  idempotency_key  text,
  fee              integer not null,
  tip              integer not null,
  currency         text not null,
  robo             boolean not null default false,
  details          jsonb not null default '{}',
  -- The status|courier_imminent last announced by an event.delivery_status webhook.
  announced        text,
  created_at       timestamptz not null,
  updated_at       timestamptz not null,
  unique (account_id, order_handle)
);
create unique index uber_deliveries_idempotency on uber_deliveries (account_id, idempotency_key) where idempotency_key is not null;
create index uber_deliveries_external on uber_deliveries (account_id, external_id) where external_id is not null;
create index uber_deliveries_listing on uber_deliveries (account_id, live_mode, created_at desc, delivery_id desc);
