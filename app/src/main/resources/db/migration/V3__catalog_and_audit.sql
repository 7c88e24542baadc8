CREATE TABLE product_view (
    product_id    UUID        NOT NULL PRIMARY KEY,
    tenant_id     UUID        NOT NULL,
    sku           TEXT        NOT NULL,
    title         TEXT        NOT NULL,
    vendor        TEXT,
    product_type  TEXT,
    tags          TEXT[]      NOT NULL,
    cost_amount   NUMERIC(30, 6),
    cost_currency CHAR(3),
    channel_refs  JSONB       NOT NULL,
    active        BOOLEAN     NOT NULL,
    version       BIGINT      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (tenant_id, sku)
);
CREATE INDEX product_view_vendor ON product_view (tenant_id, vendor);
CREATE INDEX product_view_tags ON product_view USING gin (tags);
SELECT calibrate_enable_tenant_rls('product_view');

-- The current price per currency and where it came from.
CREATE TABLE product_price (
    product_id  UUID           NOT NULL,
    currency    CHAR(3)        NOT NULL,
    tenant_id   UUID           NOT NULL,
    amount      NUMERIC(30, 6) NOT NULL,
    compare_at  NUMERIC(30, 6),
    source      TEXT           NOT NULL,
    valid_from  TIMESTAMPTZ    NOT NULL,
    event_id    VARCHAR(255)   NOT NULL,
    PRIMARY KEY (product_id, currency)
);
SELECT calibrate_enable_tenant_rls('product_price');

-- Every price a product has had, with the interval it held.
CREATE TABLE product_price_history (
    event_id    VARCHAR(255)   NOT NULL PRIMARY KEY,
    product_id  UUID           NOT NULL,
    currency    CHAR(3)        NOT NULL,
    tenant_id   UUID           NOT NULL,
    amount      NUMERIC(30, 6) NOT NULL,
    compare_at  NUMERIC(30, 6),
    source      TEXT           NOT NULL,
    valid_from  TIMESTAMPTZ    NOT NULL,
    valid_to    TIMESTAMPTZ
);
CREATE INDEX product_price_history_product ON product_price_history (product_id, currency, valid_from);
SELECT calibrate_enable_tenant_rls('product_price_history');

CREATE TABLE audit_entry (
    event_id       VARCHAR(255) NOT NULL PRIMARY KEY,
    global_index   BIGINT       NOT NULL,
    tenant_id      UUID         NOT NULL,
    entity_type    VARCHAR(64)  NOT NULL,
    entity_id      VARCHAR(255) NOT NULL,
    action         VARCHAR(255) NOT NULL,
    actor          VARCHAR(255) NOT NULL,
    correlation_id VARCHAR(255),
    request_id     VARCHAR(255),
    explain        JSONB,
    at             TIMESTAMPTZ  NOT NULL
);
CREATE INDEX audit_entry_tenant_time ON audit_entry (tenant_id, at, global_index);
CREATE INDEX audit_entry_entity ON audit_entry (tenant_id, entity_type, entity_id);
SELECT calibrate_enable_tenant_rls('audit_entry');
