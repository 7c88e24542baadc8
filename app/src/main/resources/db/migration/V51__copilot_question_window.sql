-- The copilot's questions per minute of a tenant, counted for the whole cluster (docs/copilot.md, "Limits"):
-- one row per tenant holding the times of its questions of the last minute (at most the limit, 30 by
-- default). Taking one more is one INSERT ... ON CONFLICT DO UPDATE ... WHERE, which locks the row, so two
-- nodes never both take the last place. Questions are rare next to requests: one row per tenant is no hot
-- spot. A row whose newest question left the minute is deleted by the next question's sweep.
CREATE TABLE copilot_question_window (
    tenant_id  UUID          NOT NULL PRIMARY KEY,
    -- the times of the questions still inside the minute, oldest first
    asked      TIMESTAMPTZ[] NOT NULL,
    last_asked TIMESTAMPTZ   NOT NULL
);
CREATE INDEX copilot_question_window_last ON copilot_question_window (last_asked);
SELECT calibrate_enable_tenant_rls('copilot_question_window');
