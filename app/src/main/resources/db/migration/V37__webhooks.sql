-- Webhooks out (docs/consumers.md, "Webhooks"): the endpoints a tenant registered, and a durable
-- outbox of deliveries per endpoint. Signing secrets are stored sealed (AES-256-GCM, key per tenant
-- derived from CALIBRATE_SECRETS_KEY), never in events, never in the log.

CREATE TABLE webhook_endpoint (
    id                     UUID        NOT NULL PRIMARY KEY,
    tenant_id              UUID        NOT NULL,
    url                    TEXT        NOT NULL,
    description            TEXT,
    -- CloudEvent types (dev.calibrate.ProductCreated.v1), or the one element '*' for every type
    event_types            TEXT[]      NOT NULL,
    -- ACTIVE | PAUSED (by a person) | DISABLED (the receiver answered 410) | FAILING (a delivery was
    -- dead-lettered); only ACTIVE endpoints are fed and sent to, re-enabling resumes where they stopped
    status                 VARCHAR(16) NOT NULL,
    status_reason          TEXT,
    secret                 BYTEA       NOT NULL,
    -- the feed position up to which events are in the outbox: moved in the transaction that queues them
    feed_cursor            BIGINT      NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoint_tenant ON webhook_endpoint (tenant_id, created_at);
SELECT calibrate_enable_tenant_rls('webhook_endpoint');

-- Secrets rotated out that still sign until valid_until, each its own overlap: a receiver still on
-- the first of two quick rotations keeps verifying. At most 3 per endpoint (the oldest goes first).
CREATE TABLE webhook_endpoint_secret (
    endpoint_id  UUID        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    tenant_id    UUID        NOT NULL,
    secret       BYTEA       NOT NULL,
    valid_until  TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoint_secret_endpoint ON webhook_endpoint_secret (endpoint_id, valid_until DESC);
SELECT calibrate_enable_tenant_rls('webhook_endpoint_secret');

-- The outbox: one row per event (or replay, or ping) to send to an endpoint, sent in id order, one at a
-- time per endpoint. A sender leases a row (a short transaction), sends with no transaction open, and
-- settles it only while the lease is still its own; a node killed mid-send leaves a lease that runs
-- out, and the row is sent again: at-least-once, in order, and no transaction held across a request.
CREATE TABLE webhook_delivery (
    id                  BIGSERIAL   NOT NULL PRIMARY KEY,
    endpoint_id         UUID        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    tenant_id           UUID        NOT NULL,
    -- EVENT (from the feed) | REPLAY (asked for again) | PING (a test event, sent at once)
    -- | CHECKPOINT (a signed checkpoint of the audit log, queued as it is signed)
    kind                VARCHAR(16) NOT NULL,
    -- the CloudEvent id: the webhook-id header, the same on every attempt and replay
    event_id            TEXT        NOT NULL,
    event_type          TEXT        NOT NULL,
    position            BIGINT,
    -- the CloudEvent JSON as sent, so every attempt sends (and signs) the same bytes
    body                TEXT        NOT NULL,
    -- PENDING | DELIVERED | FAILED (a ping not answered 2xx) | DEAD (the last retry failed)
    status              VARCHAR(16) NOT NULL,
    attempts            INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at     TIMESTAMPTZ NOT NULL,
    last_attempt_at     TIMESTAMPTZ,
    last_response_code  INTEGER,
    -- at most 1 KB of the receiver's answer
    last_response_body  TEXT,
    last_error          TEXT,
    -- while a sender has the row: until when, and which attempt (settling checks it is still its own)
    leased_until        TIMESTAMPTZ,
    lease_owner         UUID,
    created_at          TIMESTAMPTZ NOT NULL
);
-- the feed queues an event once per endpoint, however often a pass is repeated
CREATE UNIQUE INDEX webhook_delivery_event ON webhook_delivery (endpoint_id, event_id) WHERE kind = 'EVENT';
CREATE INDEX webhook_delivery_pending ON webhook_delivery (endpoint_id, id) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id DESC);
-- the retention job deletes settled rows by age
CREATE INDEX webhook_delivery_settled ON webhook_delivery (last_attempt_at) WHERE status <> 'PENDING';
SELECT calibrate_enable_tenant_rls('webhook_delivery');
GRANT USAGE, SELECT ON SEQUENCE webhook_delivery_id_seq TO calibrate_worker;
