-- Issue 20, items 1-3: with the EU prior-price rule on (docs/prior-price.md), each preview item carries
-- its prior price (the lowest price of the window before the preview), the reduction computed from it,
-- the window's start and, when the product is younger than the window or its price belongs to a live
-- campaign, since when. JSON kept as text like the item's anomalies: written once by the preview's COPY,
-- read back whole; NULL when the rule is off, so adding the column rewrites no row.
ALTER TABLE price_change_item ADD COLUMN prior_price TEXT;
