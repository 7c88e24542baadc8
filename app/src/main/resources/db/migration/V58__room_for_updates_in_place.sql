-- Every applied price updates a product's row in product_view and product_price and closes its previous row
-- in product_price_history. An update PostgreSQL can make on the same page (HOT: no indexed column changes and
-- the new version fits) writes no index entry; one that cannot writes one into every index of the table, seven
-- for product_view (three of them GIN: the tags and the trigrams of title and SKU). Full pages (the default fill
-- factor, 100) left 38-46 % of an apply's updates without room. New pages of these tables are now filled to
-- leave that room; pages written before keep what they have until rows move out of them. Changes only a storage
-- parameter: nodes of the release before read and write these tables as before.
ALTER TABLE product_view SET (fillfactor = 80);
ALTER TABLE product_price SET (fillfactor = 80);
ALTER TABLE product_price_history SET (fillfactor = 85);
