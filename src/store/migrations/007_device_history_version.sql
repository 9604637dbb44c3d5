-- Bumped by every ingest of the device (in the same statement that appends its fixes), so a
-- server process can tell whether the window of recent fixes it cached is still complete: equal
-- version under the row lock = no other process added fixes since.
alter table device_state add column history_version bigint not null default 0;
