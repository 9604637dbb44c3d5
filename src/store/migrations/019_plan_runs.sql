-- Plan runs (issue 15 item 2): what the planner made of an order it was asked to place. A reason
-- (docs/planning.md "Failure reasons") while a run left it unplanned; the stop's planned arrival,
-- the leg before it and the latest departure that still meets its window while it is on the route
-- the plan made. Both are written by the plan run's one result statement, never by the hot paths.
alter table orders add column planning_failure_reason text;
alter table orders add column planned_estimate jsonb;

-- One row per plan run: the job a client polls (GET /orders/plan/{plan_id}). `request` keeps what
-- was asked (order and worker subsets, time budget), `result` the run's figures once it is over.
create table plan_runs (
  account_id        text not null references accounts (account_id),
  plan_id           text not null,
  ops_group_handle  text not null,
  plan_date         text not null,
  -- 'api' (POST /orders/plan) or 'schedule' (the ops group's daily cut-off).
  trigger           text not null,
  status            text not null,
  request           jsonb not null,
  result            jsonb,
  error             text,
  created_at        timestamptz not null,
  started_at        timestamptz,
  finished_at       timestamptz,
  primary key (account_id, plan_id)
);
-- A cut-off plans each ops group once per date, however many processes see it pass.
create unique index plan_runs_scheduled on plan_runs (account_id, ops_group_handle, plan_date) where trigger = 'schedule';
create index plan_runs_unfinished on plan_runs (status) where finished_at is null;
