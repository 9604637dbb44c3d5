-- HyperTrack worker fields Dropline used to answer with constants (issue 18): the product types a
-- worker handles, as the client gives them, and the worker's own availability
-- (POST /workers/{h}/work_status), which is not the same as being deleted.
alter table workers add column product_types jsonb not null default '[]';
alter table workers add column available boolean not null default true;
