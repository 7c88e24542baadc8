-- A preview's items are COPY'd straight into the table rather than into a scratch table and then moved
-- with INSERT ... SELECT (which cost the preview as much again as the COPY). PostgreSQL refuses COPY
-- FROM into a table with row-level security, so price_change_item becomes a partitioned table with one
-- partition holding every row: the preview store COPYs into the partition, which has no policies of
-- its own and which the worker role may only insert into; every read, update and delete goes through
-- price_change_item, whose policies apply as before, and the API role has no privilege at all on the
-- partition. The existing table becomes that partition as it is (attached, not copied: its rows,
-- indexes and constraints stay where they are; attaching only reads it once).
ALTER TABLE price_change_item RENAME TO price_change_item_all;
ALTER INDEX price_change_item_pkey RENAME TO price_change_item_all_pkey;
ALTER INDEX price_change_item_product RENAME TO price_change_item_all_product;

CREATE TABLE price_change_item (LIKE price_change_item_all INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY HASH (price_change_id);
ALTER TABLE price_change_item ADD PRIMARY KEY (price_change_id, seq);
CREATE INDEX price_change_item_product ON price_change_item (price_change_id, product_id);
-- the partition's own indexes become the partitions of these
ALTER TABLE price_change_item ATTACH PARTITION price_change_item_all FOR VALUES WITH (MODULUS 1, REMAINDER 0);

SELECT calibrate_enable_tenant_rls('price_change_item');

DROP POLICY tenant_isolation ON price_change_item_all;
DROP POLICY event_processors ON price_change_item_all;
ALTER TABLE price_change_item_all NO FORCE ROW LEVEL SECURITY;
ALTER TABLE price_change_item_all DISABLE ROW LEVEL SECURITY;
REVOKE ALL ON price_change_item_all FROM calibrate_api, calibrate_worker;
GRANT INSERT ON price_change_item_all TO calibrate_worker;
