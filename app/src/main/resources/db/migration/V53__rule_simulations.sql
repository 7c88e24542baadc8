-- Simulations of saved rules over past days (issue 20 item 9; docs/saved-rules.md#simulation), written by the
-- command side's simulation job only. Bookkeeping of a job that writes nothing a merchant sees: no event, no
-- price change, no product. Bounded: a tenant keeps its latest few simulations, none older than a few days, and a
-- simulation stores item rows only for the items the rule would have changed or a guardrail blocked.

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
    finished_at   TIMESTAMPTZ,
    -- written as the job starts and as each day ends: a RUNNING row whose heartbeat stopped lost its node
    heartbeat_at  TIMESTAMPTZ  NOT NULL
);
-- at most one running simulation per tenant, across every node
CREATE UNIQUE INDEX rule_simulation_one_running ON rule_simulation (tenant_id) WHERE state = 'RUNNING';
CREATE INDEX rule_simulation_tenant ON rule_simulation (tenant_id, started_at DESC);
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

-- The items of a day the rule would have changed (CHANGE) or a guardrail blocked (BLOCKED), paged by
-- (sku, product_id); the day's counts cover the rest.
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
