-- Each device's live state: the newest fix, battery and when it was last heard from (a heartbeat
-- without a position updates last_seen_at only, so the fix columns may still be empty).
create table device_state (
  device_id     text primary key,
  account_id    text not null,
  recorded_at   timestamptz,
  lng           double precision,
  lat           double precision,
  altitude      double precision,
  accuracy      double precision,
  speed         double precision,
  bearing       double precision,
  battery       double precision,
  activity      text,
  last_seen_at  timestamptz not null
);
create index device_state_by_account on device_state (account_id);

-- Devices may authenticate with their own token instead of the account's credentials.
alter table devices add column token_hash text;
create unique index devices_token on devices (token_hash) where token_hash is not null;

-- Fixes count toward the device's ongoing orders, and start its dispatched ones.
create index orders_by_device_tracked on orders (device_id) where status in ('ongoing', 'dispatched');
