-- The tenant of every event, so that what a request reads from the event store (a product's
-- history, its price at an instant, later the event feed and the audit log) is kept to its tenant
-- by PostgreSQL, as the read models are, and not only by the code that reads it. New events get it
-- from their append statement (TenantStampedAppend), from the tenant the event itself names.
ALTER TABLE domainevententry ADD COLUMN tenant_id UUID;

-- Existing stores: the tenant is in each payload (every DomainEvent names it), as the append
-- statement takes it; never from the metadata, which only says what the sending code stamped. Read
-- as text with a pattern, not as jsonb, because jsonb refuses the \u0000 escapes that poison events
-- may already hold. The append-only trigger is paused for this one statement only: the migration
-- runs in one transaction, so no other write can slip in meanwhile.
ALTER TABLE domainevententry DISABLE TRIGGER domainevententry_append_only;
UPDATE domainevententry
   SET tenant_id = substring(convert_from(payload, 'UTF8') FROM '"tenantId"\s*:\s*"([0-9a-fA-F-]{36})"')::uuid;
ALTER TABLE domainevententry ENABLE TRIGGER domainevententry_append_only;

-- a tenant's events in store order: what the event feed and the audit log page through
CREATE INDEX domainevententry_tenant ON domainevententry (tenant_id, globalindex);

-- The request role reads only its tenant's events; an event without a tenant is nobody's to read.
-- The worker (command handling, every event processor) keeps reading and appending every event.
ALTER TABLE domainevententry ENABLE ROW LEVEL SECURITY;
ALTER TABLE domainevententry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON domainevententry FOR SELECT TO calibrate_api
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY event_store_reads ON domainevententry FOR SELECT TO calibrate_worker USING (true);
CREATE POLICY event_store_appends ON domainevententry FOR INSERT TO calibrate_worker WITH CHECK (true);
GRANT SELECT ON domainevententry TO calibrate_api;
