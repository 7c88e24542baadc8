-- Simulations of saved rules over past days (issue 20 item 9; docs/saved-rules.md#simulation), written by the
-- command side's simulation job only. Bookkeeping of a job that writes nothing a merchant sees: no event, no
-- price change, no product. Bounded: a rule keeps its latest few simulations, none older than a few days.

CREATE TABLE rule_simulation (
    simulation_id UUID         NOT NULL PRIMARY KEY,
    tenant_id     UUID         NOT NULL,
    rule_id       UUID         NOT NULL,
    version       INTEGER      NOT NULL,
    currency      CHAR(3)      NOT NULL,
    from_day      DATE         NOT NULL,
    to_day        DATE         NOT NULL,
    time_zone     VARCHAR(64)  NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    days_total    INTEGER      NOT NULL,
    days_done     INTEGER      NOT NULL,
    reason        TEXT,
    requested_by  VARCHAR(255) NOT NULL,
    started_at    TIMESTAMPTZ  NOT NULL,
    finished_at   TIMESTAMPTZ
);
-- at most one running simulation per tenant, across every node
CREATE UNIQUE INDEX rule_simulation_one_running ON rule_simulation (tenant_id) WHERE state = 'RUNNING';
CREATE INDEX rule_simulation_rule ON rule_simulation (rule_id, started_at DESC);
SELECT calibrate_enable_tenant_rls('rule_simulation');

-- One row per simulated day, written when the day is done.
CREATE TABLE rule_simulation_day (
    simulation_id          UUID          NOT NULL REFERENCES rule_simulation ON DELETE CASCADE,
    day                    DATE          NOT NULL,
    tenant_id              UUID          NOT NULL,
    evaluated_at           TIMESTAMPTZ   NOT NULL,
    products               INTEGER       NOT NULL,
    selected               INTEGER       NOT NULL,
    changes                INTEGER       NOT NULL,
    blocked                INTEGER       NOT NULL,
    average_change_percent NUMERIC(14, 2),
    -- price positions before and after the rule: counts of CHEAPEST, IN_BAND, MOST_EXPENSIVE, NO_DATA
    before_positions       INTEGER[]     NOT NULL,
    after_positions        INTEGER[]     NOT NULL,
    PRIMARY KEY (simulation_id, day)
);
SELECT calibrate_enable_tenant_rls('rule_simulation_day');

-- The items a day's run of the rule selected, paged by (sku, product_id).
CREATE TABLE rule_simulation_item (
    simulation_id     UUID           NOT NULL REFERENCES rule_simulation ON DELETE CASCADE,
    day               DATE           NOT NULL,
    tenant_id         UUID           NOT NULL,
    sku               TEXT           NOT NULL,
    product_id        UUID           NOT NULL,
    price_then        NUMERIC(30, 6) NOT NULL,
    proposed_price    NUMERIC(30, 6),
    status            VARCHAR(16)    NOT NULL,
    reasons           TEXT[]         NOT NULL,
    competitor_lowest NUMERIC(30, 6),
    PRIMARY KEY (simulation_id, day, sku, product_id)
);
SELECT calibrate_enable_tenant_rls('rule_simulation_item');
