-- A preview's items were indexed by (price_change_id, product_id) for one lookup: the explain inputs of the item
-- that applied a product's price (a price's provenance). Every preview paid for that index as it COPY'd its
-- rows, 0.1-0.2 s of a 90,000-item preview on the 2-core build machine (docs/benchmarks.md), though only
-- items a run has written are ever looked up by product. The index now holds only items a run has given an
-- outcome: a preview writes no entry into it, and an apply's outcome update writes one into it instead of into
-- the old one. The lookup names the condition (PriceChangeItemQueries.APPLIED_ITEM_INPUTS). The price: since
-- the condition names outcome, setting an outcome can never be a HOT update, whatever room a page has. It is
-- not one today either (the COPY fills every page), and leaving room for it would make every preview write
-- more pages than this index cost.
--
-- A plain CREATE INDEX (Flyway runs this script in a transaction): it holds a SHARE lock on price_change_item
-- while it builds, so previews and runs wait; reads go on. The DROP then takes an ACCESS EXCLUSIVE lock until
-- the migration commits: it waits for running reads (a page, a CSV export, a copilot question) and every read
-- waits behind it. On a large table plan the upgrade for a quiet window, or build the index beforehand without
-- blocking writes (docs/operations.md): IF NOT EXISTS then leaves it, once the check below finds it valid.
-- Nodes of the release before look items up without the condition; until they stop, their lookups read the
-- change's items by its primary key (11-16 ms for a change of 90,000 items on the build machine).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
               WHERE c.relname IN ('price_change_item_applied_product', 'price_change_item_all_applied_product')
                 AND NOT i.indisvalid) THEN
        RAISE EXCEPTION 'price_change_item_applied_product was built beforehand but is not valid (a CONCURRENTLY'
            ' build that failed, or its partition''s index not attached): attach it, or drop both and build them'
            ' again, or drop them and let this migration build the index (docs/operations.md, External PostgreSQL)';
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS price_change_item_applied_product ON price_change_item (price_change_id, product_id)
    WHERE outcome IS NOT NULL;
DROP INDEX price_change_item_product;
