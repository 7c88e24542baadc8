-- Operator tokens: platform-level credentials for monitoring (health details, /actuator/metrics,
-- /actuator/prometheus). They belong to no tenant, so there is no tenant_id and no row-level
-- security, like admin_credential; they never open the tenant API or the admin API. Only hashes are
-- stored. Revoked rows stay, so the table records who could read metrics and until when.
CREATE TABLE operator_credential (
    token_id    UUID         NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    secret_hash BYTEA        NOT NULL,
    scopes      TEXT[]       NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    revoked_at  TIMESTAMPTZ
);
GRANT SELECT, INSERT, UPDATE ON operator_credential TO calibrate_worker;
