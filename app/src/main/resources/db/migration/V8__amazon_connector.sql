-- The Amazon connector's own state (read only: nothing here is ever sent to Amazon). The Login with
-- Amazon client id, client secret and refresh token are stored sealed (AES-256-GCM, key per tenant
-- derived from CALIBRATE_SECRETS_KEY); nothing here is ever copied into events.

-- One seller account per tenant, and a seller account (in a region) belongs to one tenant.
CREATE TABLE amazon_connection (
    tenant_id       UUID        NOT NULL PRIMARY KEY,
    seller_id       TEXT        NOT NULL,
    -- na | eu | fe: which Selling Partner API endpoint serves the account
    region          VARCHAR(2)  NOT NULL,
    marketplace_ids TEXT[]      NOT NULL,
    client_id       BYTEA       NOT NULL,
    client_secret   BYTEA       NOT NULL,
    refresh_token   BYTEA       NOT NULL,
    -- ACTIVE | BROKEN (Login with Amazon refused the credentials; status_reason says how; reconnect to fix)
    status          VARCHAR(16) NOT NULL,
    status_reason   TEXT,
    connected_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (seller_id, region)
);
SELECT calibrate_enable_tenant_rls('amazon_connection');

-- The last (or running) catalog sync of each tenant's seller account, for the status endpoint.
CREATE TABLE amazon_sync (
    tenant_id       UUID        NOT NULL PRIMARY KEY,
    state           VARCHAR(16) NOT NULL,
    requested_at    TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    pages           INTEGER     NOT NULL DEFAULT 0,
    listings        INTEGER     NOT NULL DEFAULT 0,
    created         INTEGER     NOT NULL DEFAULT 0,
    updated         INTEGER     NOT NULL DEFAULT 0,
    unchanged       INTEGER     NOT NULL DEFAULT 0,
    removed         INTEGER     NOT NULL DEFAULT 0,
    warnings        TEXT[]      NOT NULL DEFAULT '{}',
    error           TEXT,
    last_success_at TIMESTAMPTZ,
    last_failure_at TIMESTAMPTZ
);
SELECT calibrate_enable_tenant_rls('amazon_sync');

-- The listings the last sync linked to products (channelRefs.amazon): a listing missing from the next
-- sync has vanished from Amazon, and its product loses the amazon ref.
CREATE TABLE amazon_listing (
    tenant_id      UUID NOT NULL,
    sku            TEXT NOT NULL,
    product_id     UUID NOT NULL,
    asin           TEXT,
    marketplace_id TEXT NOT NULL,
    title          TEXT NOT NULL,
    brand          TEXT,
    PRIMARY KEY (tenant_id, sku)
);
SELECT calibrate_enable_tenant_rls('amazon_listing');
