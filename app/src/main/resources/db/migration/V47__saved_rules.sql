-- Saved rules and their versions (issue 20 items 7 and 8; docs/saved-rules.md), written by the saved-rules
-- processor (query side) from the SavedRule aggregate's events. The events keep every version; these tables
-- are their read model, rebuilt by replay.

-- One row per saved rule: its latest version and whether it is enabled.
CREATE TABLE saved_rule_view (
    rule_id        UUID         NOT NULL PRIMARY KEY,
    tenant_id      UUID         NOT NULL,
    name           VARCHAR(200) NOT NULL,
    latest_version INTEGER      NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    created_by     VARCHAR(255) NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    last_editor    VARCHAR(255) NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL,
    -- who enabled or disabled it last, and when; null while nobody has. The switch's sequence number in the
    -- rule's events orders switches (not switched_at: wall clocks of two nodes may disagree)
    switched_by       VARCHAR(255),
    switched_at       TIMESTAMPTZ,
    switched_sequence BIGINT
);
-- the list, newest first, keyset by (created_at, rule_id)
CREATE INDEX saved_rule_view_tenant_created ON saved_rule_view (tenant_id, created_at DESC, rule_id DESC);
SELECT calibrate_enable_tenant_rls('saved_rule_view');

-- Every version exactly as it was saved; keyed by rule and version, so a redelivered event inserts nothing.
CREATE TABLE saved_rule_version (
    rule_id   UUID         NOT NULL,
    version   INTEGER      NOT NULL,
    tenant_id UUID         NOT NULL,
    name      VARCHAR(200) NOT NULL,
    rule      JSONB        NOT NULL,
    saved_by  VARCHAR(255) NOT NULL,
    saved_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (rule_id, version)
);
SELECT calibrate_enable_tenant_rls('saved_rule_version');

-- The saved rule version a price change took its rule from (PriceChangeDrafted/Edited's definition.ruleRef),
-- written by the price-changes processor with the rest of the definition; null for a rule written in.
ALTER TABLE price_change_view ADD COLUMN rule_id UUID;
ALTER TABLE price_change_view ADD COLUMN rule_version INTEGER;
CREATE INDEX price_change_view_rule ON price_change_view (tenant_id, rule_id, rule_version) WHERE rule_id IS NOT NULL;

-- Which prices a price change set: the time-travel read (GET /api/v1/rules/{id}/versions/{v}/products) looks
-- up the prices whose source is 'price-change:<id>' for the changes that used a rule version. Only those
-- rows: prices from imports and edits, most of the history, stay out of the index.
CREATE INDEX product_price_history_source ON product_price_history (source, valid_from)
    WHERE source LIKE 'price-change:%';
