-- The path an order's worker is expected to drive (issue 15 item 5): its route's stops in sequence,
-- from the worker's start through the order's destination, as the routing provider draws them.
-- It is written only when the route changes (services/routes/refresh-expected-paths.ts), never by
-- the hot order writes (creation, every fix, each status change), which leave the column alone.
-- It names the route it was planned on: an order that left that route has no planned path any
-- more, without a write. Null = no planned path, and deviating_from_expected_route stays green.
alter table orders add column expected_path jsonb;
