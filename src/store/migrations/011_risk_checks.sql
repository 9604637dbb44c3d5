-- When each ongoing order's risks or ETA news could next change without a new fix (the risk
-- sweep, docs/storage.md "The risk sweep"). A table of its own rather than an orders column: every
-- fix rewrites the due time, and an indexed column of orders would make each of those updates
-- non-HOT (an entry in all nine order indexes). A row exists exactly while its order is ongoing;
-- '-infinity' means "check at the next sweep".
create table risk_checks (
  order_id  uuid primary key,
  due_at    timestamptz not null
);
create index risk_checks_due on risk_checks (due_at);

insert into risk_checks (order_id, due_at) select id, '-infinity' from orders where status = 'ongoing';

-- Kept by triggers, so that every way an order starts, finishes or changes what its risks depend
-- on (the generic order write, ingest's start of a dispatched order) is covered without each
-- caller knowing. Ingest's tracking-only update names none of these columns: no trigger runs on
-- the hot path.
create function dropline_risk_check_membership() returns trigger language plpgsql as $$
begin
  if new.status = 'ongoing' then
    insert into risk_checks (order_id, due_at) values (new.id, '-infinity')
      on conflict (order_id) do update set due_at = '-infinity';
  elsif tg_op = 'UPDATE' and old.status = 'ongoing' then
    delete from risk_checks where order_id = old.id;
  end if;
  return null;
end
$$;

create trigger orders_risk_check_insert after insert on orders
  for each row when (new.status = 'ongoing') execute function dropline_risk_check_membership();

create trigger orders_risk_check_update
  after update of status, scheduled_at, device_id, destination, started_at on orders
  for each row when (
    (old.status = 'ongoing' or new.status = 'ongoing')
    and (old.status, old.scheduled_at, old.device_id, old.destination::text, old.started_at)
      is distinct from (new.status, new.scheduled_at, new.device_id, new.destination::text, new.started_at)
  ) execute function dropline_risk_check_membership();
