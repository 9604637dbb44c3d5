-- The driver app (docs/driver-app.md). A driver link is a worker's sign-in credential: only the
-- SHA-256 of its secret is kept, and it dies when it expires or is revoked.
create table driver_links (
  link_id        text primary key,
  account_id     text not null,
  worker_handle  text not null,
  token_hash     text not null,
  created_at     timestamptz not null,
  expires_at     timestamptz not null,
  revoked_at     timestamptz,
  last_used_at   timestamptz,
  foreign key (account_id, worker_handle) references workers (account_id, worker_handle)
);
create index driver_links_worker on driver_links (account_id, worker_handle, created_at);

-- The answer of every mutating driver call, under the client's action id, written in the call's
-- own transaction: a replayed offline queue gets the first answer back and changes nothing.
create table driver_actions (
  account_id     text not null,
  worker_handle  text not null,
  action_id      text not null,
  action         text not null,
  subject        text not null,
  answer         jsonb not null,
  created_at     timestamptz not null,
  primary key (account_id, worker_handle, action_id)
);

-- Proof images, in the database so both stores keep them with the order and every process serves
-- them. One photo and one signature per stop attempt: an upload replaces the previous one.
create table proof_files (
  proof_id      text primary key,
  account_id    text not null,
  order_id      uuid not null,
  kind          text not null check (kind in ('photo', 'signature')),
  content_type  text not null,
  size          integer not null,
  sha256        text not null,
  data          bytea not null,
  created_at    timestamptz not null,
  unique (order_id, kind)
);

-- What the driver collected when the stop was completed, besides the files.
create table stop_proofs (
  order_id             uuid primary key,
  account_id           text not null,
  barcodes             jsonb not null,
  pin_entered          text,
  notes                text,
  signer_name          text,
  completion_location  jsonb,
  completed_at         timestamptz not null
);

-- The proofs an account requires when an order names none (GET/PATCH /settings/driver-app).
create table driver_settings (
  account_id       text primary key references accounts (account_id),
  required_proofs  jsonb not null,
  updated_at       timestamptz not null
);
