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
    -- after a rotation the old secret also signs, until previous_secret_until
    previous_secret        BYTEA,
    previous_secret_until  TIMESTAMPTZ,
    -- the feed position up to which events are in the outbox: moved in the transaction that queues them
    feed_cursor            BIGINT      NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoint_tenant ON webhook_endpoint (tenant_id, created_at);
SELECT calibrate_enable_tenant_rls('webhook_endpoint');

-- The outbox: one row per event (or replay, or ping) to send to an endpoint, sent in id order, one at a
-- time per endpoint. A row stays PENDING until a response settles it, so a node killed mid-send sends
-- it again after the restart: at-least-once, in order.
CREATE TABLE webhook_delivery (
    id                  BIGSERIAL   NOT NULL PRIMARY KEY,
    endpoint_id         UUID        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    tenant_id           UUID        NOT NULL,
    -- EVENT (from the feed) | REPLAY (asked for again) | PING (a test event, sent at once)
    kind                VARCHAR(8)  NOT NULL,
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
    created_at          TIMESTAMPTZ NOT NULL
);
-- the feed queues an event once per endpoint, however often a pass is repeated
CREATE UNIQUE INDEX webhook_delivery_event ON webhook_delivery (endpoint_id, event_id) WHERE kind = 'EVENT';
CREATE INDEX webhook_delivery_pending ON webhook_delivery (endpoint_id, id) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id DESC);
SELECT calibrate_enable_tenant_rls('webhook_delivery');
GRANT USAGE, SELECT ON SEQUENCE webhook_delivery_id_seq TO calibrate_worker;
