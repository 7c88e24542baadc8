-- Issue 16, item 8: a preview flags the items whose proposed price is anomalous by the anomalies
-- endpoint's rules (a move unlike the product's recent ones, a price below cost), so an approver sees
-- them before approving. Each item's anomalies are JSON kept as text like its reasons (written once by
-- the preview's COPY, read back whole; NULL when it has none, which most items are), and the current
-- preview's count of anomalous items sits beside its other counts (NULL for a preview recorded before
-- previews judged anomalies). Adding a nullable column without a default rewrites no row.
ALTER TABLE price_change_item ADD COLUMN anomalies TEXT;
ALTER TABLE price_change_view ADD COLUMN preview_anomalous INTEGER;
