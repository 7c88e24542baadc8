-- The Shopify connector's own state. Secrets are stored sealed (AES-256-GCM, key per tenant derived
-- from CALIBRATE_SECRETS_KEY); nothing here is ever copied into events.

-- One shop per tenant, and a shop belongs to one tenant (webhooks find their tenant by shop domain).
CREATE TABLE shopify_connection (
    tenant_id          UUID         NOT NULL PRIMARY KEY,
    shop               TEXT         NOT NULL UNIQUE,
    shop_name          TEXT,
    currency           CHAR(3)      NOT NULL,
    -- CUSTOM_APP: token pasted by the merchant, webhooks signed with its api secret;
    -- OAUTH: installed through the public app, webhooks signed with the app's client secret
    kind               VARCHAR(16)  NOT NULL,
    access_token       BYTEA        NOT NULL,
    api_secret         BYTEA,
    refresh_token      BYTEA,
    access_expires_at  TIMESTAMPTZ,
    refresh_expires_at TIMESTAMPTZ,
    webhook_ids        TEXT[]       NOT NULL DEFAULT '{}',
    -- ACTIVE | TOKEN_INVALID (Shopify refused the token; writes wait) | UNINSTALLED
    status             VARCHAR(16)  NOT NULL,
    status_reason      TEXT,
    connected_at       TIMESTAMPTZ  NOT NULL
);
SELECT calibrate_enable_tenant_rls('shopify_connection');

-- The last (or running) catalog sync of each tenant's shop, for the status endpoint.
CREATE TABLE shopify_sync (
    tenant_id     UUID        NOT NULL PRIMARY KEY,
    state         VARCHAR(16) NOT NULL,
    mode          VARCHAR(16),
    requested_at  TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    products      INTEGER     NOT NULL DEFAULT 0,
    variants      INTEGER     NOT NULL DEFAULT 0,
    created       INTEGER     NOT NULL DEFAULT 0,
    updated       INTEGER     NOT NULL DEFAULT 0,
    unchanged     INTEGER     NOT NULL DEFAULT 0,
    deactivated   INTEGER     NOT NULL DEFAULT 0,
    warnings      TEXT[]      NOT NULL DEFAULT '{}',
    error         TEXT
);
SELECT calibrate_enable_tenant_rls('shopify_sync');

-- Every product's SKU, cost and active flag, and for the products whose channelRefs name a Shopify
-- variant (details.channelRefs.shopify), which one: kept from product events by the shopify-channel
-- processor. A product without Shopify refs has a row with null gids, so that refs added later (a
-- sync of a product first created through the API) find its SKU and flag.
CREATE TABLE shopify_variant_link (
    tenant_id     UUID    NOT NULL,
    product_id    UUID    NOT NULL PRIMARY KEY,
    sku           TEXT    NOT NULL,
    product_gid   TEXT,
    variant_gid   TEXT,
    cost          NUMERIC(20, 4),
    cost_currency CHAR(3),
    active        BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX shopify_variant_link_product ON shopify_variant_link (tenant_id, product_gid)
    WHERE product_gid IS NOT NULL;
SELECT calibrate_enable_tenant_rls('shopify_variant_link');

-- The newest Shopify updated_at seen per Shopify product: older webhook payloads are stale.
CREATE TABLE shopify_product_seen (
    tenant_id   UUID        NOT NULL,
    product_gid TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, product_gid)
);
SELECT calibrate_enable_tenant_rls('shopify_product_seen');

-- Webhook deliveries already handled (Shopify repeats deliveries); pruned after a week.
CREATE TABLE shopify_webhook_receipt (
    webhook_id  TEXT        NOT NULL PRIMARY KEY,
    tenant_id   UUID        NOT NULL,
    topic       TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX shopify_webhook_receipt_age ON shopify_webhook_receipt (received_at);
SELECT calibrate_enable_tenant_rls('shopify_webhook_receipt');

-- The delivery record: per variant, the latest price Calibrate intends Shopify to have. intent_seq is
-- the product event's sequence number, so a retried or replayed older event never replaces a newer
-- intent, and an outcome is only recorded against the intent that was actually sent (sent_seq).
-- While a bulk mutation carries a row (bulk_operation), nothing else sends that product: the older
-- price in the running operation could otherwise land after a newer one.
CREATE TABLE shopify_delivery (
    tenant_id       UUID          NOT NULL,
    product_id      UUID          NOT NULL PRIMARY KEY,
    product_gid     TEXT          NOT NULL,
    variant_gid     TEXT          NOT NULL,
    intent_seq      BIGINT        NOT NULL,
    price_change_id UUID,
    -- APPLY | ROLLBACK: what the price change did (a drift repair keeps the action of the price it re-sends)
    action          VARCHAR(16)   NOT NULL,
    currency        CHAR(3)       NOT NULL,
    price           NUMERIC(20, 4) NOT NULL,
    compare_at      NUMERIC(20, 4),
    intended_at     TIMESTAMPTZ   NOT NULL,
    -- PENDING | SYNCED | FAILED
    status          VARCHAR(16)   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      TEXT,
    -- Shopify's userErrors of the last failure: [{code, field, message}]
    errors          JSONB         NOT NULL DEFAULT '[]',
    -- the intent a call (or bulk operation) in flight carries; NULL when none is
    sent_seq        BIGINT,
    sent_at         TIMESTAMPTZ,
    -- 'pending:<uuid>' while a bulk mutation is being started, then its BulkOperation gid
    bulk_operation  TEXT,
    -- the row's line (0-based) in that operation's JSONL, and its index in that line's variants
    bulk_line       INTEGER,
    bulk_index      INTEGER,
    synced_at       TIMESTAMPTZ
);
CREATE INDEX shopify_delivery_due ON shopify_delivery (tenant_id, next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX shopify_delivery_bulk ON shopify_delivery (tenant_id, bulk_operation) WHERE bulk_operation IS NOT NULL;
CREATE INDEX shopify_delivery_status ON shopify_delivery (tenant_id, status, product_id);
SELECT calibrate_enable_tenant_rls('shopify_delivery');

-- Outcomes of deliveries not yet recorded on their products (RecordChannelPriceSync): written in
-- the transaction that decides them, sent to the Product aggregate afterwards and then deleted, so
-- neither a crash nor a failing command loses one.
CREATE TABLE shopify_delivery_outcome (
    id              BIGSERIAL     NOT NULL PRIMARY KEY,
    tenant_id       UUID          NOT NULL,
    product_id      UUID          NOT NULL,
    price_change_id UUID,
    action          VARCHAR(16),
    currency        CHAR(3)       NOT NULL,
    price           NUMERIC(20, 4) NOT NULL,
    compare_at      NUMERIC(20, 4),
    -- SYNCED | FAILED | SUPERSEDED
    result          VARCHAR(16)   NOT NULL,
    reason          TEXT,
    errors          JSONB         NOT NULL DEFAULT '[]',
    decided_at      TIMESTAMPTZ   NOT NULL,
    attempts        INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      TEXT
);
CREATE INDEX shopify_delivery_outcome_due ON shopify_delivery_outcome (next_attempt_at, id);
SELECT calibrate_enable_tenant_rls('shopify_delivery_outcome');
GRANT USAGE, SELECT ON SEQUENCE shopify_delivery_outcome_id_seq TO calibrate_worker;

-- Single-use OAuth state nonces (install → callback), bound to a shop and, when a tenant started
-- the install, to that tenant.
CREATE TABLE shopify_oauth_state (
    state      TEXT        NOT NULL PRIMARY KEY,
    shop       TEXT        NOT NULL,
    tenant_id  UUID,
    created_at TIMESTAMPTZ NOT NULL
);
SELECT calibrate_enable_tenant_rls('shopify_oauth_state');
