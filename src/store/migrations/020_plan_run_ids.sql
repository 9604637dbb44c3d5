-- Bringg's run ids (issue 15 item 6): a route a plan run made is a Bringg "run", whose `run_id` is
-- an integer. One sequence for the whole store, so ids never repeat across accounts or processes;
-- the number is kept with each planned stop (orders.planned_estimate), read with the order.
create sequence plan_run_route_ids;
