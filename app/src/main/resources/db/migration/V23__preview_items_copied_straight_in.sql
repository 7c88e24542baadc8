-- A preview's items are COPY'd straight into the table rather than into a scratch table and then moved
-- with INSERT ... SELECT (which cost the preview as much again as the COPY). PostgreSQL refuses COPY
-- FROM into a table with row-level security, so price_change_item becomes a partitioned table with one
-- partition holding every row: the preview store COPYs into the partition, which has no policies of
-- its own and which the worker role may only insert into; every read and update goes through
-- price_change_item, whose policies apply as before, and the API role has no privilege at all on the
-- partition. Same columns, keys, indexes and constraints.
ALTER TABLE price_change_item RENAME TO price_change_item_before_v23;
ALTER INDEX price_change_item_pkey RENAME TO price_change_item_before_v23_pkey;
ALTER INDEX price_change_item_product RENAME TO price_change_item_before_v23_product;
-- the owner moves the rows below
ALTER TABLE price_change_item_before_v23 NO FORCE ROW LEVEL SECURITY;

CREATE TABLE price_change_item (LIKE price_change_item_before_v23 INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY HASH (price_change_id);
ALTER TABLE price_change_item ADD PRIMARY KEY (price_change_id, seq);
CREATE INDEX price_change_item_product ON price_change_item (price_change_id, product_id);
CREATE TABLE price_change_item_all PARTITION OF price_change_item FOR VALUES WITH (MODULUS 1, REMAINDER 0);

INSERT INTO price_change_item SELECT * FROM price_change_item_before_v23;
DROP TABLE price_change_item_before_v23;

SELECT calibrate_enable_tenant_rls('price_change_item');
GRANT INSERT ON price_change_item_all TO calibrate_worker;
