-- A sub-organization's id is the customer_id of its own deliveries and quotes (organizations API:
-- "organization_id … translates to the customer_id parameter"). Rows made before carry the
-- account's root organization.
alter table uber_deliveries add column organization_id text;
update uber_deliveries d set organization_id = a.customer_id from uber_accounts a where a.account_id = d.account_id;
alter table uber_deliveries alter column organization_id set not null;

alter table uber_quotes add column organization_id text;
update uber_quotes q set organization_id = a.customer_id from uber_accounts a where a.account_id = q.account_id;
alter table uber_quotes alter column organization_id set not null;

-- The list reads one organization's deliveries of one mode, newest first.
drop index uber_deliveries_listing;
create index uber_deliveries_listing on uber_deliveries (account_id, organization_id, live_mode, created_at desc, delivery_id desc);
