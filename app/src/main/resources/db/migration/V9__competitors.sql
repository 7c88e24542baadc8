-- Competitor price monitoring, fed by the competitors processor (query side).

-- The competitors each tenant watches; the domain is unique per tenant (the command side derives the
-- competitor id from it, so this constraint only restates what the events guarantee).
CREATE TABLE competitor_view (
    competitor_id UUID         NOT NULL PRIMARY KEY,
    tenant_id     UUID         NOT NULL,
    name          VARCHAR(200) NOT NULL,
    domain        VARCHAR(253) NOT NULL,
    registered_at TIMESTAMPTZ  NOT NULL,
    UNIQUE (tenant_id, domain)
);
SELECT calibrate_enable_tenant_rls('competitor_view');

-- Every accepted observation, keyed by its batch and its index in the batch, so a redelivered event
-- inserts nothing twice. Append-only, like the events it comes from.
CREATE TABLE competitor_observation (
    batch_id      UUID           NOT NULL,
    idx           INTEGER        NOT NULL,
    tenant_id     UUID           NOT NULL,
    competitor_id UUID           NOT NULL,
    product_id    UUID           NOT NULL,
    sku           TEXT           NOT NULL,
    currency      CHAR(3)        NOT NULL,
    amount        NUMERIC(30, 6) NOT NULL,
    observed_at   TIMESTAMPTZ    NOT NULL,
    url           TEXT,
    in_stock      BOOLEAN        NOT NULL,
    recorded_at   TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (batch_id, idx)
);
-- a product's observations in a currency and time window (price position, product competitors). The
-- window is part of the key so that the planner prefers this index to the tenant window below even
-- with no statistics yet (right after a tenant's first upload): scanning the tenant's whole window
-- once per product made the first price-position read take minutes.
CREATE INDEX competitor_observation_product
    ON competitor_observation (product_id, currency, observed_at DESC);
-- a competitor's observations newest first, optionally of one product, in a time range
CREATE INDEX competitor_observation_competitor
    ON competitor_observation (competitor_id, observed_at DESC);
CREATE INDEX competitor_observation_competitor_product
    ON competitor_observation (competitor_id, product_id, observed_at DESC);
-- everything a tenant observed in a recent window (what a preview loads)
CREATE INDEX competitor_observation_window ON competitor_observation (tenant_id, observed_at);
SELECT calibrate_enable_tenant_rls('competitor_observation');
