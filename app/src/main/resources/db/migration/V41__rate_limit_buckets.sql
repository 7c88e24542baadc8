-- Request rate limits shared by every node (docs/operations.md, "Rate limits"): one token bucket per
-- caller or tenant and class of endpoint. A node never takes one permit per request from here: it leases
-- a batch with one UPDATE ... RETURNING (the bucket refilled by the time since refilled_at, then the
-- batch taken off), spends it in memory and comes back when it is spent or its lease ran out. A row is
-- touched once per batch, not once per request.
CREATE TABLE rate_limit_bucket (
    -- token:<token id>:read, tenant:<tenant id>:write, user:<user id>:read, admin:write …
    bucket_key    TEXT             NOT NULL PRIMARY KEY,
    -- permits left at refilled_at (a fraction while refilling); never above the burst the lease asked with
    available     DOUBLE PRECISION NOT NULL,
    refilled_at   TIMESTAMPTZ      NOT NULL,
    -- what the last lease took, so that RETURNING can say it (RETURNING sees only the new row)
    last_granted  INTEGER          NOT NULL DEFAULT 0
);
-- Buckets of callers gone quiet are worth nothing once full again; the limiter deletes them by age.
CREATE INDEX rate_limit_bucket_refilled ON rate_limit_bucket (refilled_at);
-- The server's pool, before any tenant scope (the row names its holder, not a tenant: no row policy);
-- the request role has no access to it.
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_bucket TO calibrate_worker;

-- Daily quotas of a tenant (price changes drafted, copilot questions asked): one row per tenant, quota and
-- UTC day, counted up by one INSERT ... ON CONFLICT DO UPDATE ... WHERE used < limit, so two nodes never
-- both take the last one. The actions counted are rare next to requests; a row a day is no hot spot.
CREATE TABLE tenant_daily_count (
    tenant_id  UUID        NOT NULL,
    -- price-changes | copilot-questions
    quota      VARCHAR(32) NOT NULL,
    day        DATE        NOT NULL,
    used       INTEGER     NOT NULL,
    PRIMARY KEY (tenant_id, quota, day)
);
CREATE INDEX tenant_daily_count_day ON tenant_daily_count (day);
SELECT calibrate_enable_tenant_rls('tenant_daily_count');
