-- Amazon's own offer prices per linked listing, as the last sync saw them: Calibrate is read only on
-- Amazon, so after a price change these can differ from Calibrate's price, and the listings endpoint
-- tells the merchant which listings to update by hand in Seller Central.

-- [{"marketplaceId": "ATVPDKIKX0DER", "amount": "20.00", "currency": "USD"}, ...] in the connection's
-- marketplace order; a marketplace without a usable offer is left out.
ALTER TABLE amazon_listing ADD COLUMN offers JSONB NOT NULL DEFAULT '[]';
-- when a sync last read the offers (null for listings linked before this column existed)
ALTER TABLE amazon_listing ADD COLUMN seen_at TIMESTAMPTZ;
