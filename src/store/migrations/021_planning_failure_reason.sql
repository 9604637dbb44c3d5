-- Why on-demand dispatch (or a plan) could not place an order (issue 15): HyperTrack's
-- `planning_failure_reason`. Null while the order is placed or was never tried; a closed set of
-- codes written by the core (docs/native-api.md "On-demand dispatch").
alter table orders add column planning_failure_reason text;
