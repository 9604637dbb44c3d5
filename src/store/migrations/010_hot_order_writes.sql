-- Every fix rewrites its order's tracking record. With full pages the new row version lands on
-- another page, and all nine order indexes get an entry for it; with room left on the page the
-- update is HOT (no index is touched, and the old version is pruned in place). A tracked order is
-- updated many times a minute, a finished one never again: the space is worth it.
alter table orders set (fillfactor = 70);

-- An order row is about 2 KB (metadata, timeline, tracking), just over the 2 KB past which
-- PostgreSQL tries to compress it on every write: each create and each fix paid for a pglz pass
-- that saved little. Rows stay inline and uncompressed up to 4 KB; a longer timeline still goes
-- to TOAST.
alter table orders set (toast_tuple_target = 4080);

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
