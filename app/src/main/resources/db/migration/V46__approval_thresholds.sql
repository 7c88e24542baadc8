-- Issue 20, item 11: a price change over one of the policy's approval thresholds needs an admin approver
-- or two approvers (docs/price-changes.md#approval-thresholds). The list shows what its preview passed
-- (JSON kept as text, written and read whole, NULL when it passed none), how far the preview moves
-- prices, and the first of two approvals while the change waits for the second. All NULL for rows
-- written before, so adding the columns rewrites no row; a replay fills them in for previews recorded since (older events carry no size).
ALTER TABLE price_change_view ADD COLUMN approval_need TEXT;
ALTER TABLE price_change_view ADD COLUMN preview_largest_decrease_percent NUMERIC;
ALTER TABLE price_change_view ADD COLUMN preview_revenue_impact NUMERIC;
ALTER TABLE price_change_view ADD COLUMN first_approver VARCHAR(255);
ALTER TABLE price_change_view ADD COLUMN first_approver_subject VARCHAR(200);
ALTER TABLE price_change_view ADD COLUMN first_approved_at TIMESTAMPTZ;
