-- The command side rebuilds a tenant's preview catalog from product_view in keyset pages of
-- (tenant_id, product_id); without this index each page scanned the primary key past every other
-- tenant's products.
CREATE INDEX product_view_tenant_product ON product_view (tenant_id, product_id);
