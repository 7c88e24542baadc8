-- The Shopify write-back holds a due price for a short window while siblings (other variants of the
-- same Shopify product) may still come from the same price change run, so that they go in one
-- productVariantsBulkUpdate. A run is known to be going on from its start event to its end event
-- (applied, rolled back, failed or abandoned); the shopify-channel processing group is this table's
-- one writer.
CREATE TABLE shopify_running_change (
    price_change_id UUID        NOT NULL PRIMARY KEY,
    tenant_id       UUID        NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL
);
SELECT calibrate_enable_tenant_rls('shopify_running_change');
SELECT calibrate_scope_worker_to_session_tenant('shopify_running_change');

-- A product's pending deliveries, to send a Shopify product's variants together.
CREATE INDEX shopify_delivery_pending_product ON shopify_delivery (tenant_id, product_gid) WHERE status = 'PENDING';
