-- Workers as planning resources (issue 15): where routes start and end, the shifts the planner and
-- dispatch may use (read in the worker's time zone), and the dates taken off. On the workers row,
-- so they are scoped to the account with the worker itself.
alter table workers add column home jsonb;
alter table workers add column schedule jsonb not null default '[]';
alter table workers add column unavailable_on jsonb not null default '[]';
alter table workers add column timezone text;
