-- Location history, partitioned by month of recorded_at (docs/storage.md): a device's time scans
-- prune to the months asked for, each partition carries its own primary-key index, and retention
-- drops whole months instead of deleting rows. Fixes outside every monthly partition (an install's
-- history from before this migration, or a month no one created yet) land in the default
-- partition, so an insert never fails for want of a partition.
alter table device_locations rename to device_locations_unpartitioned;
alter table device_locations_unpartitioned rename constraint device_locations_pkey to device_locations_unpartitioned_pkey;

create table device_locations (
  device_id    text not null,
  recorded_at  timestamptz not null,
  lng          double precision not null,
  lat          double precision not null,
  altitude     double precision,
  accuracy     double precision,
  speed        double precision,
  bearing      double precision,
  battery      double precision,
  activity     text,
  received_at  timestamptz not null,
  primary key (device_id, recorded_at)
) partition by range (recorded_at);

create table device_locations_default partition of device_locations default;
insert into device_locations select * from device_locations_unpartitioned;
drop table device_locations_unpartitioned;

-- The month partition holding `at` (device_locations_pYYYYMM), created if missing; rows of that
-- month already in the default partition move into it first (attaching checks the default holds
-- none). The server calls it for the current and next months, daily.
create function dropline_ensure_location_partition(at timestamptz) returns text language plpgsql as $$
declare
  lo timestamptz := date_trunc('month', at at time zone 'UTC') at time zone 'UTC';
  hi timestamptz := lo + interval '1 month';
  name text := 'device_locations_p' || to_char(lo at time zone 'UTC', 'YYYYMM');
begin
  -- Two servers starting together must not both create the month.
  perform pg_advisory_xact_lock(7404113);
  if to_regclass(name) is not null then
    return name;
  end if;
  execute format('create table %I (like device_locations including defaults including constraints)', name);
  execute format(
    'with moved as (delete from device_locations_default where recorded_at >= %L and recorded_at < %L returning *) insert into %I select * from moved',
    lo, hi, name);
  execute format('alter table device_locations attach partition %I for values from (%L) to (%L)', name, lo, hi);
  return name;
end $$;

-- Retention: drops every month partition that ends at or before `before`; returns their names.
-- Orders keep their summary and timeline; only the raw fixes (and polylines drawn from them) go.
create function dropline_drop_location_partitions(before timestamptz) returns setof text language plpgsql as $$
declare
  part record;
begin
  for part in
    select c.relname as name
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'device_locations'::regclass and c.relname ~ '^device_locations_p[0-9]{6}$'
      and (to_date(substr(c.relname, 19), 'YYYYMM')::timestamp at time zone 'UTC') + interval '1 month' <= before
    order by c.relname
  loop
    execute format('drop table %I', part.name);
    return next part.name;
  end loop;
end $$;

select dropline_ensure_location_partition(now());
select dropline_ensure_location_partition(now() + interval '1 month');
