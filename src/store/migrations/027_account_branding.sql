-- How an account's customers see it on the tracking page: display name, logo (a data: URL, so the
-- page still loads nothing from another origin), brand colour, and whether the page offers a
-- button to call the driver. One JSON object: the page reads it whole and it changes rarely.
alter table accounts add column branding jsonb not null default '{}';
