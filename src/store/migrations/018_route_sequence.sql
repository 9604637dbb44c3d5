-- A route's stop sequence: the ids of its orders in the order they are to be served. It lives on
-- the route, not as a position column on orders, so the hot order writes (creation, every fix,
-- each status change) never touch it: only the route operations (optimise, resequence, add,
-- remove) rewrite this one row. An order on the route but not (yet) in the list is served after
-- the listed ones; an id whose order left the route is skipped when the route is read.
alter table routes add column stop_sequence jsonb not null default '[]';
