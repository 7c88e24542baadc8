-- Issue 20, item 1: the tenant's time zone (TenantTimeZoneChanged), which the query side needs for the
-- prior-price report's window. A tenant that never set one is in UTC; the default fills existing rows
-- without a rewrite (PostgreSQL 11+ stores a constant default in the catalog).
ALTER TABLE tenant_view ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
