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
