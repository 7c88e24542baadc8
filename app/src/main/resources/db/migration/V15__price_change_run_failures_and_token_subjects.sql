-- The person a token belongs to (POST /admin/v1/tenants/{id}/tokens {subject}): the credential carries it
-- into every request's actor, so an approval compares persons, not tokens; the admin's token list shows it.
ALTER TABLE api_credential ADD COLUMN subject VARCHAR(200);
ALTER TABLE api_token_view ADD COLUMN subject VARCHAR(200);

-- A price change's approval record: as which person the approver approved, and whether it was the
-- author approving their own change (allowed only by the tenant's self-approval policy).
ALTER TABLE price_change_view ADD COLUMN approver_subject VARCHAR(200);
ALTER TABLE price_change_view ADD COLUMN self_approved BOOLEAN;

-- A run that failed on every attempt: the change is FAILED until an admin retries or abandons it.
-- Kept after a retry or an abandon, as the change's history says what went wrong.
ALTER TABLE price_change_view ADD COLUMN failed_run VARCHAR(16);
ALTER TABLE price_change_view ADD COLUMN failure_reason TEXT;
ALTER TABLE price_change_view ADD COLUMN failed_attempts INTEGER;
ALTER TABLE price_change_view ADD COLUMN failed_at TIMESTAMPTZ;
ALTER TABLE price_change_view ADD COLUMN abandoned_by VARCHAR(255);
ALTER TABLE price_change_view ADD COLUMN abandoned_at TIMESTAMPTZ;
-- the health check and the gauge count FAILED changes across tenants
CREATE INDEX price_change_view_failed ON price_change_view (failed_at) WHERE state = 'FAILED';
