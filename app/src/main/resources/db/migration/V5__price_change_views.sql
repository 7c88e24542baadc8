-- One row per price change as the console lists it: its definition, where it is in its state
-- machine, who drafted, edited, approved or rejected it, its current preview and run outcomes.
-- Fed by the price-changes processor; `version` is the last event sequence number applied.
CREATE TABLE price_change_view (
    price_change_id              UUID         NOT NULL PRIMARY KEY,
    tenant_id                    UUID         NOT NULL,
    name                         TEXT         NOT NULL,
    state                        VARCHAR(32)  NOT NULL,
    rule                         JSONB        NOT NULL,
    schedule_at                  TIMESTAMPTZ,
    expires_at                   TIMESTAMPTZ,
    note                         TEXT,
    author                       VARCHAR(255) NOT NULL,
    last_editor                  VARCHAR(255),
    approver                     VARCHAR(255),
    rejected_by                  VARCHAR(255),
    rejection_reason             TEXT,
    -- the current preview; cleared when an edit voids it
    preview_hash                 VARCHAR(255),
    preview_items                INTEGER,
    preview_change               INTEGER,
    preview_no_change            INTEGER,
    preview_blocked              INTEGER,
    preview_skipped              INTEGER,
    preview_min_delta_percent    NUMERIC,
    preview_median_delta_percent NUMERIC,
    preview_max_delta_percent    NUMERIC,
    -- outcomes of the apply run and of the rollback run; null until the run finished
    applied                      INTEGER,
    conflicts                    INTEGER,
    rolled_back                  INTEGER,
    rollback_conflicts           INTEGER,
    created_at                   TIMESTAMPTZ  NOT NULL,
    updated_at                   TIMESTAMPTZ  NOT NULL,
    previewed_at                 TIMESTAMPTZ,
    submitted_at                 TIMESTAMPTZ,
    approved_at                  TIMESTAMPTZ,
    rejected_at                  TIMESTAMPTZ,
    cancelled_at                 TIMESTAMPTZ,
    scheduled_at                 TIMESTAMPTZ,
    apply_started_at             TIMESTAMPTZ,
    applied_at                   TIMESTAMPTZ,
    rollback_started_at          TIMESTAMPTZ,
    rolled_back_at               TIMESTAMPTZ,
    version                      BIGINT       NOT NULL
);
-- the list: newest first, optionally of one state
CREATE INDEX price_change_view_newest ON price_change_view (tenant_id, created_at DESC, price_change_id DESC);
CREATE INDEX price_change_view_state ON price_change_view (tenant_id, state, created_at DESC, price_change_id DESC);
SELECT calibrate_enable_tenant_rls('price_change_view');

-- The tenant's guardrails as GET /api/v1/policy answers them (percents and amounts as decimal
-- strings). No row: the tenant never set a policy, and none is enforced.
CREATE TABLE tenant_policy_view (
    tenant_id  UUID         NOT NULL PRIMARY KEY,
    policy     JSONB        NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL,
    updated_by VARCHAR(255) NOT NULL
);
SELECT calibrate_enable_tenant_rls('tenant_policy_view');
