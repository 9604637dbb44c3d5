-- Webhooks: endpoints per account, a transactional outbox of order events, and one delivery row
-- per (event, endpoint). See docs/webhooks.md.

create table webhook_endpoints (
  id                          uuid primary key,
  account_id                  text not null references accounts (account_id),
  url                         text not null,
  -- Which vendor's payloads and headers the endpoint receives: hypertrack | uber | bringg.
  format                      text not null,
  -- Event names (in the format's own vocabulary) the endpoint wants; null = every event.
  events                      jsonb,
  -- Kept in clear: signing needs the key itself. Never logged, shown only at creation/rotation.
  secret                      text not null,
  previous_secret             text,
  previous_secret_expires_at  timestamptz,
  -- Bringg: the header that carries the secret (static-header auth, reference §11).
  auth_header_name            text,
  description                 text,
  -- false = paused: events still queue for the endpoint but are not attempted.
  enabled                     boolean not null default true,
  created_at                  timestamptz not null,
  updated_at                  timestamptz not null
);
create index webhook_endpoints_by_account on webhook_endpoints (account_id, created_at);

-- The outbox: written in the same transaction as the order change that produced the events.
-- id orders an order's events: every change of one order holds that order's row lock, so its
-- events commit in id order.
create table webhook_events (
  id           bigint generated always as identity primary key,
  -- The stable id receivers deduplicate on (same on every attempt and every endpoint).
  event_id     uuid not null default gen_random_uuid() unique,
  account_id   text not null,
  order_id     uuid not null,
  type         text not null,
  recorded_at  timestamptz not null,
  created_at   timestamptz not null,
  -- The order as it was right after the change, plus the event's own fields.
  subject      json not null,
  fanned_out   boolean not null default false
);
create index webhook_events_pending_fan_out on webhook_events (id) where not fanned_out;
create index webhook_events_by_order on webhook_events (order_id, id);

create table webhook_deliveries (
  id               bigint generated always as identity primary key,
  endpoint_id      uuid not null references webhook_endpoints (id) on delete cascade,
  event_id         bigint not null references webhook_events (id),
  order_id         uuid not null,
  -- pending | delivered | rejected (final answer from the receiver) | dead (gave up at the horizon)
  state            text not null,
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null,
  -- A claimed delivery is leased to one dispatcher while its request is in flight.
  leased_until     timestamptz,
  last_attempt_at  timestamptz,
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz,
  created_at       timestamptz not null,
  -- The retry horizon counts from here: creation, or the last manual retry.
  retry_from       timestamptz not null,
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_order_queue on webhook_deliveries (endpoint_id, order_id, event_id) where state = 'pending';
create index webhook_deliveries_log on webhook_deliveries (endpoint_id, id);
