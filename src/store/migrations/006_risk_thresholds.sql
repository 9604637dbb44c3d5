-- Per-account risk threshold overrides (docs/risks-and-eta.md): only what the account changed is
-- stored, `{"<risk>": {"yellow"?: n, "red"?: n}}`, so a later change of a default still reaches
-- every account that did not override that side.
create table account_risk_thresholds (
  account_id  text primary key references accounts (account_id),
  overrides   jsonb not null,
  updated_at  timestamptz not null
);
