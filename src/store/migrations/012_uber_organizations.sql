-- Uber Direct organizations (specs/uber-direct/organizations-openapi.yaml): sub-organizations an
-- account creates under its root organization (the account's customer_id), and the users invited
-- to an organization. Both belong to one account; the account's root organization is not a row.
create table uber_organizations (
  organization_id         text primary key,
  account_id              text not null references accounts (account_id),
  parent_organization_id  text not null,
  info                    jsonb not null,
  options                 jsonb not null default '{}',
  created_at              timestamptz not null
);
create index uber_organizations_account on uber_organizations (account_id, created_at);

-- One membership per e-mail address and organization (the address is stored lower-cased).
create table uber_memberships (
  membership_id    text primary key,
  account_id       text not null references accounts (account_id),
  organization_id  text not null,
  email            text not null,
  user_details     jsonb not null,
  roles            jsonb not null,
  created_at       timestamptz not null,
  unique (organization_id, email)
);
