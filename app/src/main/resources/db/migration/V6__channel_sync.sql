-- Writing prices back to sales channels, as price changes and the console show it.

-- Per item of a price change: the channels its product was linked to when the change was previewed, and
-- what each channel Calibrate writes to made of the price the apply and the rollback set, keyed by channel:
-- {"shopify": {"state": "SYNCED"}}, {"shopify": {"state": "FAILED", "reason": "...", "errors": [...]}},
-- {"shopify": {"state": "SUPERSEDED"}}; no key yet while the channel has not answered (pending). Written by
-- the price-change-channel-sync processor from the products' sync records (the COPY of a preview names its
-- columns, and price_change_item_load is LIKE this table, so the columns can go at the end).
ALTER TABLE price_change_item ADD COLUMN channels TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE price_change_item ADD COLUMN apply_sync JSONB;
ALTER TABLE price_change_item ADD COLUMN rollback_sync JSONB;
CREATE INDEX price_change_item_product ON price_change_item (price_change_id, product_id);

-- The query side's channel read models, all fed by the channels processor.
-- Each product's SKU and the channels it is linked to (the keys of its channelRefs), which the other two need.
CREATE TABLE channel_product (
    product_id UUID    NOT NULL PRIMARY KEY,
    tenant_id  UUID    NOT NULL,
    sku        TEXT    NOT NULL,
    channels   TEXT[]  NOT NULL,
    version    BIGINT  NOT NULL
);
SELECT calibrate_enable_tenant_rls('channel_product');

-- The latest drift of each product at each channel: the channel showed `actual` where Calibrate set
-- `expected`. OPEN, REPAIRING (the expected price is being sent again), ACCEPTED or REPAIRED (resolved_at).
-- `version` is the product's last event sequence number applied to the row.
CREATE TABLE channel_drift_view (
    product_id        UUID           NOT NULL,
    channel           TEXT           NOT NULL,
    tenant_id         UUID           NOT NULL,
    sku               TEXT           NOT NULL,
    currency          CHAR(3)        NOT NULL,
    expected          NUMERIC(30, 6) NOT NULL,
    actual            NUMERIC(30, 6) NOT NULL,
    actual_compare_at NUMERIC(30, 6),
    state             VARCHAR(16)    NOT NULL,
    detected_at       TIMESTAMPTZ    NOT NULL,
    resolved_at       TIMESTAMPTZ,
    version           BIGINT         NOT NULL,
    PRIMARY KEY (product_id, channel)
);
CREATE INDEX channel_drift_view_list ON channel_drift_view (tenant_id, channel, state, detected_at DESC);
SELECT calibrate_enable_tenant_rls('channel_drift_view');

-- Per price change, product, action (APPLY, ROLLBACK) and write-back channel: PENDING from the product's
-- price event until the channel's sync record makes it SYNCED, FAILED or SUPERSEDED. The price change
-- read counts them.
CREATE TABLE price_change_channel_sync (
    price_change_id UUID        NOT NULL,
    product_id      UUID        NOT NULL,
    action          VARCHAR(16) NOT NULL,
    channel         TEXT        NOT NULL,
    tenant_id       UUID        NOT NULL,
    state           VARCHAR(16) NOT NULL,
    PRIMARY KEY (price_change_id, product_id, action, channel)
);
SELECT calibrate_enable_tenant_rls('price_change_channel_sync');
