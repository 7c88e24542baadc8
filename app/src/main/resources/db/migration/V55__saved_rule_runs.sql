-- Every run of a saved rule's schedule (issue 20 item 7; GET /api/v1/rules/{id}/schedule/runs,
-- docs/saved-rules.md#past-runs), written by the saved-rule-runs processor alone from
-- SavedRuleScheduledRunDrafted/Skipped; rebuilt by replay. A slot runs once, so (rule, slot) is the key and a
-- redelivered event inserts nothing; the list reads it newest slot first, keyset by slot.
CREATE TABLE saved_rule_run (
    rule_id         UUID        NOT NULL,
    slot            TIMESTAMPTZ NOT NULL,
    tenant_id       UUID        NOT NULL,
    ran_at          TIMESTAMPTZ NOT NULL,
    -- the change the run drafted; null when it drafted nothing, and then skipped says why
    price_change_id UUID,
    skipped         TEXT,
    PRIMARY KEY (rule_id, slot)
);
SELECT calibrate_enable_tenant_rls('saved_rule_run');
