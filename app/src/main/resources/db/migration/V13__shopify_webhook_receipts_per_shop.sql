-- Webhook ids are deduplicated per shop: an id recorded for one shop must never make another shop's
-- delivery look like a repeat. Receipts from before this version keep an empty shop (the table has
-- forced row-level security, so the owner running this may not see them to fill it in); they only
-- matter for a week, while Shopify may still repeat those deliveries, and product payloads older than
-- what was taken in are stale anyway.
ALTER TABLE shopify_webhook_receipt ADD COLUMN shop TEXT NOT NULL DEFAULT '';
UPDATE shopify_webhook_receipt receipt SET shop = connection.shop
FROM shopify_connection connection WHERE connection.tenant_id = receipt.tenant_id;
ALTER TABLE shopify_webhook_receipt ALTER COLUMN shop DROP DEFAULT;
ALTER TABLE shopify_webhook_receipt DROP CONSTRAINT shopify_webhook_receipt_pkey;
ALTER TABLE shopify_webhook_receipt ADD PRIMARY KEY (shop, webhook_id);
