-- The items of a price change's preview: what the engine proposed for each selected product and why.
-- Written by the command side when a preview is recorded (in the same transaction as its event), then
-- by the apply/rollback runs, which record each item's outcome in the same transaction as the product's
-- price event, so a restarted run never applies an item twice. Only the current preview's rows are kept.
CREATE TABLE price_change_item (
    tenant_id           UUID          NOT NULL,
    price_change_id     UUID          NOT NULL,
    preview_hash        CHAR(64)      NOT NULL,
    seq                 INTEGER       NOT NULL,
    product_id          UUID          NOT NULL,
    sku                 TEXT          NOT NULL,
    currency            CHAR(3)       NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    current_price       NUMERIC(20, 4),
    proposed_price      NUMERIC(20, 4),
    delta               NUMERIC(20, 4),
    delta_percent       NUMERIC(12, 2),
    current_compare_at  NUMERIC(20, 4),
    proposed_compare_at NUMERIC(20, 4),
    -- JSON kept as text: written once per preview and only ever read back whole, so PostgreSQL
    -- parsing it into jsonb would cost the preview most of its storing time
    reasons             TEXT          NOT NULL,
    explain             TEXT          NOT NULL,
    outcome             VARCHAR(24),
    outcome_reason      TEXT,
    rollback_outcome    VARCHAR(24),
    rollback_reason     TEXT,
    PRIMARY KEY (price_change_id, seq)
);
SELECT calibrate_enable_tenant_rls('price_change_item');

-- db-scheduler's table (persistent Axon deadlines and the apply/rollback runs). Polled by every node;
-- a row is picked under an optimistic version check, so one node runs each execution.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks TO calibrate_worker;
