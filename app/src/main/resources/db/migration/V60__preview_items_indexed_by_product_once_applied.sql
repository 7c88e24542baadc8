-- A preview's items were indexed by (price_change_id, product_id) for one lookup: the explain inputs of the item
-- that applied a product's price (a price's provenance). Every preview paid for that index as it COPY'd its
-- rows, 0.1-0.15 s of a 90,000-item preview on the 2-core build machine (docs/benchmarks.md), though only
-- applied items are ever looked up by product. The index now holds only items a run has given an outcome:
-- a preview writes no entry into it, and an apply's outcome update (which already writes an entry into every
-- index of the table, as the update cannot stay on its full page) writes one into this index instead of
-- the old one. The lookup names the condition (PriceChangeItemQueries.APPLIED_ITEM_INPUTS).
--
-- A plain CREATE INDEX (Flyway runs this script in a transaction): it holds a SHARE lock on price_change_item
-- while it builds, so previews and runs wait; reads go on. On a large table plan the upgrade for a quiet window,
-- or build the index beforehand without blocking writes (docs/operations.md): IF NOT EXISTS then leaves it.
-- Nodes of the release before look items up without the condition; until they stop, their lookups scan the
-- change's items by its primary key (milliseconds for 90,000 items).
CREATE INDEX IF NOT EXISTS price_change_item_applied_product ON price_change_item (price_change_id, product_id)
    WHERE outcome IS NOT NULL;
DROP INDEX price_change_item_product;
