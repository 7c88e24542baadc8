-- The tables created in V6-V10 (channel sync, the Shopify and Amazon connectors, competitor
-- monitoring) let the worker role reach every tenant's rows with a USING (true) policy, whatever the
-- session was doing. From here on a worker session that names a tenant (app.tenant_id, set for one
-- transaction, as request work does) reaches that tenant's rows only, for reads and for writes; only a
-- session that names none (an event processor, a background job that spans tenants: the write-back
-- scheduler, webhook routing by shop, OAuth callbacks, health and metrics) keeps the cross-tenant
-- access it needs. The request role keeps its read-only tenant_isolation policy.
CREATE FUNCTION calibrate_scope_worker_to_session_tenant(table_name TEXT) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    EXECUTE format('DROP POLICY event_processors ON %I', table_name);
    EXECUTE format('CREATE POLICY worker_session_tenant ON %I TO calibrate_worker '
                       || 'USING (nullif(current_setting(''app.tenant_id'', true), '''') IS NULL '
                       || 'OR tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid) '
                       || 'WITH CHECK (nullif(current_setting(''app.tenant_id'', true), '''') IS NULL '
                       || 'OR tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)',
                   table_name);
END
$$;

SELECT calibrate_scope_worker_to_session_tenant(table_name)
  FROM unnest(ARRAY[
           -- V6 channel sync
           'channel_product', 'channel_drift_view', 'price_change_channel_sync',
           -- V7 Shopify
           'shopify_connection', 'shopify_sync', 'shopify_variant_link', 'shopify_product_seen',
           'shopify_webhook_receipt', 'shopify_delivery', 'shopify_delivery_outcome', 'shopify_oauth_state',
           -- V8 and V10 Amazon
           'amazon_connection', 'amazon_sync', 'amazon_listing',
           -- V9 competitor monitoring
           'competitor_view', 'competitor_observation'
       ]) AS table_name;
