-- The preview catalog's rebuild reads each keyset page's price-history window by product
-- (CatalogSnapshots, FindCatalogEntries with recent prices: product_id = ANY of the page's ids and
-- valid_from after the window's start, plus per price the row that held at the start). Through
-- product_price_history_product (product_id, currency, valid_from) each page fetched its rows from the
-- heap, where a page's products' rows lie a few to every block, because they were written over time:
-- every page read nearly the whole table, and a 100,000-product rebuild with 20 changes each read it
-- 20 times (docs/benchmarks.md, "Catalog with price histories for the anomaly flags").
--
-- This index carries the columns the rebuild reads (amount, event_id), so a page reads only its own range
-- of the index (an index-only scan) wherever the visibility map says a heap block is all-visible, which
-- only (auto)vacuum sets; until then the planner keeps the bitmap heap scan of before. It has the old
-- index's key, so it serves every query the old one did (each product_price_history query's plan was
-- checked with EXPLAIN, docs/benchmarks.md), and the old index goes.
-- tenant_id is not in it: the rebuild runs as calibrate_worker, whose policy is USING (true); a read as
-- calibrate_api (tenant_id = the session's tenant) still checks the heap row, as row-level security must.
--
-- A plain CREATE INDEX (Flyway runs this in a transaction, where CONCURRENTLY is not allowed): it holds a
-- SHARE lock until the migration commits, so the catalog projection's writes to the table wait while it
-- builds (reads go on); DROP INDEX takes the table's ACCESS EXCLUSIVE lock for a moment at the end.
CREATE INDEX product_price_history_covering
    ON product_price_history (product_id, currency, valid_from) INCLUDE (amount, event_id);
DROP INDEX product_price_history_product;

-- Each new price also closes the product's previous row (UPDATE valid_to), which clears the visibility bit
-- of the block that row lies in: rows written over time put a catalog-wide price change's updates in most
-- blocks. At the default scale factors (0.2) autovacuum would wait for 20 % of the table (400,000 rows at
-- 2,000,000) of new or dead rows; at 0.02 it comes back after 2 %, so the rebuild's index-only scans do not
-- wait long for the heap to be all-visible again. Vacuum then reads only the blocks not all-visible.
ALTER TABLE product_price_history SET (autovacuum_vacuum_scale_factor = 0.02,
                                       autovacuum_vacuum_insert_scale_factor = 0.02);
