-- Credentials are not read models: they are written in the same transaction as the event that
-- issues or revokes a token, so a revocation takes effect at once. Only hashes are stored.
CREATE TABLE api_credential (
    token_id    UUID        NOT NULL PRIMARY KEY,
    tenant_id   UUID        NOT NULL,
    secret_hash BYTEA       NOT NULL,
    scopes      TEXT[]      NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX api_credential_tenant ON api_credential (tenant_id);
GRANT SELECT, INSERT, UPDATE ON api_credential TO calibrate_worker;

-- The bootstrap admin secret generated on first start when CALIBRATE_ADMIN_TOKEN is not set.
CREATE TABLE admin_credential (
    id          INTEGER     NOT NULL PRIMARY KEY CHECK (id = 1),
    secret_hash BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
GRANT SELECT, INSERT ON admin_credential TO calibrate_worker;

-- Read models: every one has tenant_id, forced row-level security, a tenant-only policy for
-- request reads and an all-tenants policy for the event processors.
CREATE FUNCTION calibrate_enable_tenant_rls(table_name TEXT) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', table_name);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', table_name);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I FOR SELECT TO calibrate_api '
                       || 'USING (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
                   table_name);
    EXECUTE format('CREATE POLICY event_processors ON %I TO calibrate_worker USING (true) WITH CHECK (true)',
                   table_name);
    EXECUTE format('GRANT SELECT ON %I TO calibrate_api', table_name);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO calibrate_worker', table_name);
END
$$;

CREATE TABLE tenant_view (
    tenant_id        UUID         NOT NULL PRIMARY KEY,
    name             VARCHAR(200) NOT NULL,
    default_currency CHAR(3)      NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL
);
SELECT calibrate_enable_tenant_rls('tenant_view');

CREATE TABLE api_token_view (
    token_id   UUID         NOT NULL PRIMARY KEY,
    tenant_id  UUID         NOT NULL,
    name       VARCHAR(200) NOT NULL,
    scopes     TEXT[]       NOT NULL,
    expires_at TIMESTAMPTZ,
    issued_at  TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_token_view_tenant ON api_token_view (tenant_id);
SELECT calibrate_enable_tenant_rls('api_token_view');
