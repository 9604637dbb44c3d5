-- Location history: one row per (device, fix time), so a resent batch stores nothing twice.
create table device_locations (
  device_id    text not null,
  recorded_at  timestamptz not null,
  lng          double precision not null,
  lat          double precision not null,
  altitude     double precision,
  accuracy     double precision,
  speed        double precision,
  bearing      double precision,
  battery      double precision,
  activity     text,
  received_at  timestamptz not null,
  primary key (device_id, recorded_at)
);
