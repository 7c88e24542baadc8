-- One writer per table. The command side keeps a change's current preview and, once it runs, its run
-- record: the rule previewed (price_change_preview) and the items with each run's outcome; an applied
-- item also keeps the price and compare-at it replaced, which its rollback puts back, so neither the
-- runner nor the Product aggregate has to remember them. The query side keeps what the channels
-- confirmed of each item's price in a table of its own (price_change_item_confirmation), instead of
-- two columns of price_change_item.

-- The rule a change's current preview evaluated; gone with the preview when an edit voids it.
-- Text, like the items' JSON: it goes back into the product price events as it was written.
CREATE TABLE price_change_preview (
    price_change_id UUID     NOT NULL PRIMARY KEY,
    tenant_id       UUID     NOT NULL,
    preview_hash    CHAR(64) NOT NULL,
    rule            TEXT     NOT NULL
);
SELECT calibrate_enable_tenant_rls('price_change_preview');

ALTER TABLE price_change_item ADD COLUMN replaced_price NUMERIC(20, 4);
ALTER TABLE price_change_item ADD COLUMN replaced_compare_at NUMERIC(20, 4);

-- Per change and product, what each channel Calibrate writes to made of the price the apply and the
-- rollback set, keyed by channel as price_change_item's apply_sync and rollback_sync were:
-- {"shopify": {"state": "SYNCED"}}, {"shopify": {"state": "FAILED", "reason": "...", "errors": [...]}}.
-- Written by the price-change-channel-sync processor (PriceChangeItemConfirmations).
CREATE TABLE price_change_item_confirmation (
    price_change_id       UUID  NOT NULL,
    product_id            UUID  NOT NULL,
    tenant_id             UUID  NOT NULL,
    apply_confirmation    JSONB,
    rollback_confirmation JSONB,
    PRIMARY KEY (price_change_id, product_id)
);
SELECT calibrate_enable_tenant_rls('price_change_item_confirmation');

-- The rows already stored move over. The tables have forced row-level security, which hides every
-- row from the owner running this, so the copy runs as the worker, whose policies see all tenants.
SET LOCAL ROLE calibrate_worker;

INSERT INTO price_change_item_confirmation (price_change_id, product_id, tenant_id, apply_confirmation,
                                            rollback_confirmation)
SELECT DISTINCT ON (price_change_id, product_id) price_change_id, product_id, tenant_id, apply_sync, rollback_sync
FROM price_change_item
WHERE apply_sync IS NOT NULL OR rollback_sync IS NOT NULL
ORDER BY price_change_id, product_id, seq;

-- A preview's rule is its change's definition as last drafted or edited (an edit voids the preview).
INSERT INTO price_change_preview (price_change_id, tenant_id, preview_hash, rule)
SELECT previewed.price_change_id, previewed.tenant_id, previewed.preview_hash, defined.rule
FROM (SELECT DISTINCT price_change_id, tenant_id, preview_hash FROM price_change_item) previewed
CROSS JOIN LATERAL (
    SELECT (convert_from(e.payload, 'UTF8')::json -> 'definition' -> 'rule')::text AS rule
    FROM domainevententry e
    WHERE e.aggregateidentifier = previewed.price_change_id::text
      AND e.payloadtype IN ('dev.calibrate.kernel.pricechange.PriceChangeMessages$PriceChangeDrafted',
                            'dev.calibrate.kernel.pricechange.PriceChangeMessages$PriceChangeEdited')
    ORDER BY e.sequencenumber DESC
    LIMIT 1) defined;

-- What each applied item replaced, as its product's price event recorded it; the apply only wrote
-- where the price was the previewed one, so that is the fallback.
UPDATE price_change_item SET replaced_price = current_price, replaced_compare_at = current_compare_at
WHERE outcome = 'APPLIED';
UPDATE price_change_item item
SET replaced_price      = (written.payload -> 'oldPrice' ->> 'amount')::numeric,
    replaced_compare_at = (written.payload -> 'oldCompareAt' ->> 'amount')::numeric
FROM (SELECT e.aggregateidentifier, convert_from(e.payload, 'UTF8')::json AS payload
      FROM domainevententry e
      -- only the streams of applied items' products, found by the event store's aggregate key, rather
      -- than parsing every price event of the store
      WHERE e.aggregateidentifier IN (SELECT product_id::text FROM price_change_item WHERE outcome = 'APPLIED')
        AND e.payloadtype = 'dev.calibrate.kernel.product.ProductMessages$ProductPriceChanged') written
WHERE item.outcome = 'APPLIED'
  AND written.aggregateidentifier = item.product_id::text
  AND written.payload ->> 'priceChangeId' = item.price_change_id::text
  AND written.payload ->> 'action' = 'APPLY'
  AND written.payload -> 'newPrice' ->> 'currency' = item.currency;

RESET ROLE;

ALTER TABLE price_change_item DROP COLUMN apply_sync;
ALTER TABLE price_change_item DROP COLUMN rollback_sync;
