-- A product's brand price floors (MAP, PMAP with its window, LRP) by currency, as the catalog read model
-- keeps them for previews: {"USD": {"map": {"amount": "19.99", "currency": "USD"}, ...}}. Null: none.
ALTER TABLE product_view ADD COLUMN brand_floors JSONB;
