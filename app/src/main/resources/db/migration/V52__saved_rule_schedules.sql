-- A saved rule's recurring schedule and its last run (issue 20 item 7; docs/saved-rules.md), written by the
-- saved-rules processor from SavedRuleScheduleSet/Removed and SavedRuleScheduledRunDrafted/Skipped. The next
-- run's time is not kept here: it is the due time of the rule's db-scheduler execution (scheduled_tasks,
-- task 'saved-rule-schedule', instance '<tenant>:<rule>'), moved in the transaction of each of those events.

-- The schedule, null while there is none. schedule_sequence orders sets and removals by the rule's own
-- event sequence, as switched_sequence does for enabling.
ALTER TABLE saved_rule_view ADD COLUMN schedule_cron     VARCHAR(130);
ALTER TABLE saved_rule_view ADD COLUMN schedule_name     VARCHAR(140);
ALTER TABLE saved_rule_view ADD COLUMN scheduled_by      VARCHAR(255);
ALTER TABLE saved_rule_view ADD COLUMN scheduled_at      TIMESTAMPTZ;
ALTER TABLE saved_rule_view ADD COLUMN schedule_sequence BIGINT;

-- The last scheduled run: its slot, and the price change it drafted or why it drafted nothing.
ALTER TABLE saved_rule_view ADD COLUMN last_run_slot         TIMESTAMPTZ;
ALTER TABLE saved_rule_view ADD COLUMN last_run_price_change UUID;
ALTER TABLE saved_rule_view ADD COLUMN last_run_skipped      TEXT;
ALTER TABLE saved_rule_view ADD COLUMN last_run_at           TIMESTAMPTZ;

-- The next run of a rule of the caller's tenant (app.tenant_id, as row-level security reads it): the API role
-- reads no scheduled_tasks row itself, since the table holds every tenant's task data; this answers only the
-- due time (and whether it is running now) of that one execution.
CREATE FUNCTION saved_rule_next_run(rule UUID) RETURNS TABLE (execution_time TIMESTAMPTZ, picked BOOLEAN)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
SELECT s.execution_time, s.picked FROM scheduled_tasks s
WHERE s.task_name = 'saved-rule-schedule'
  AND s.task_instance = nullif(current_setting('app.tenant_id', true), '') || ':' || rule::text
$$;
REVOKE ALL ON FUNCTION saved_rule_next_run(UUID) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION saved_rule_next_run(UUID) TO calibrate_api;
