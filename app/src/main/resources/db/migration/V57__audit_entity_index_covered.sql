-- audit_entry_entity (tenant, entity type, entity id), from V3, has been covered since V38 added
-- audit_entry_tenant_entity_position (tenant, entity id, position) and audit_entry_tenant_type_position (tenant,
-- entity type, position): the audit queries (AuditController, AuditEntries) page by position, filtered by entity
-- id or type through those two, by actor or time or nothing through audit_entry_tenant_position (V23) and
-- audit_entry_tenant_time. The old index served none of them and cost every audit row's insert (an apply writes
-- one per item): one index of six, on a random id (docs/benchmarks.md, "HTTP load", fifth run). Dropping it takes
-- the table's lock for a moment; a node of the previous release keeps working during a rolling upgrade (its
-- queries are the same).
DROP INDEX IF EXISTS audit_entry_entity;
