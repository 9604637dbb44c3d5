-- HyperTrack's order checklist tasks (issue 18: POST/GET/PATCH/DELETE /orders/{h}/tasks). A task
-- belongs to one order record (handle, stop and attempt): a rescheduled attempt starts without the
-- old attempt's tasks. account_id is kept on the row so that every lookup is scoped by it, not only
-- through the order it hangs from.
create table order_tasks (
  id           uuid primary key,
  -- Creation order, also among the tasks of one request (which share created_at).
  seq          bigint generated always as identity,
  account_id   text not null references accounts (account_id),
  order_id     uuid not null references orders (id) on delete cascade,
  label        text not null,
  description  text,
  metadata     jsonb,
  priority     text,
  status       text not null,
  attachments  jsonb not null default '[]',
  created_at   timestamptz not null,
  updated_at   timestamptz
);
-- The order object lists its tasks in creation order (GET /orders/{h} reads them by order_id).
create index order_tasks_order on order_tasks (order_id, seq);
