-- audit_entry_entity (tenant, entity type, entity id), from V3, has been covered since V38 added
-- audit_entry_tenant_entity_position (tenant, entity id, position) and audit_entry_tenant_type_position (tenant,
-- entity type, position): every audit query filters on an entity id or type and pages by position, which the
-- newer two serve and the old one cannot. It only cost every audit row's insert (an apply writes one per item):
-- one index of six, on a random id (docs/benchmarks.md, "HTTP load", fifth run). Dropping an index leaves a node
-- of the previous release working during a rolling upgrade (its queries are the same).
DROP INDEX IF EXISTS audit_entry_entity;
