-- Copilot backends run statements a language model may have written, and all of them log in as
-- calibrate_copilot; a role sees the query text of its own role's sessions in pg_stat_activity. With
-- track_activities off, a copilot session reports no query text at all (its state is 'disabled'), so one
-- tenant's question can never be read from another's, whatever a statement manages to call.
-- A superuser setting: set where the migration user may, documented otherwise (docs/operations.md).
DO $$
BEGIN
    ALTER ROLE calibrate_copilot SET track_activities = off;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'track_activities not turned off for calibrate_copilot (needs a superuser; see docs/operations.md)';
END
$$;
