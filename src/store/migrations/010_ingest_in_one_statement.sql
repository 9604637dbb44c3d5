-- Every fix rewrites its order's tracking record. With full pages the new row version lands on
-- another page, and all nine order indexes get an entry for it; with room left on the page the
-- update is HOT (no index is touched, and the old version is pruned in place). A tracked order is
-- updated many times a minute, a finished one never again: the space is worth it.
alter table orders set (fillfactor = 70);

-- The ingest statement that writes a whole group without locks (docs/storage.md) checks, at its
-- end, that every row it expected to change did: otherwise another writer got there first, and
-- this error rolls the statement back so the group can be redone under row locks.
create function dropline_stale_unless(ok boolean) returns boolean language plpgsql as $$
begin
  if not ok then
    raise exception 'stale ingest snapshot' using errcode = 'DLST1';
  end if;
  return true;
end
$$;
