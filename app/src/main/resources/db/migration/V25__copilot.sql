-- The copilot's read-only window on a tenant's data (docs/copilot.md, docs/security.md#the-copilot).
--
-- Questions become SQL that runs as calibrate_copilot, a LOGIN role with its own small pool, which may
-- read the views of the schema copilot and nothing else. Every view keeps only the rows of
-- copilot.tenant(): the tenant the application bound to the calling backend (pg_backend_pid()) in
-- copilot.binding, through the main pool, just before running the statement. The copilot role cannot
-- write that table, and set_config or any other setting it may change is not read, so nothing inside a
-- statement can change the tenant it sees. The views run with their owner's rights (the owner, or a
-- member of calibrate_worker, whose policies let it see every tenant): the filter is theirs.

CREATE SCHEMA copilot;
COMMENT ON SCHEMA copilot IS 'Curated read-only views over one tenant''s read models, for the copilot''s questions';

-- Which tenant each copilot backend may see. Written only by the application's main pool (the worker
-- role), one row per copilot connection while it runs a statement.
CREATE TABLE copilot.binding (
    backend_pid INTEGER     NOT NULL PRIMARY KEY,
    tenant_id   UUID        NOT NULL,
    bound_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
REVOKE ALL ON copilot.binding FROM PUBLIC;

-- The tenant bound to the calling backend, or null (then every view is empty). SECURITY DEFINER so
-- that the copilot role needs no right on the binding table; search_path fixed so no object of the
-- caller's can stand in for one of these.
CREATE FUNCTION copilot.tenant() RETURNS UUID
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT b.tenant_id FROM copilot.binding b WHERE b.backend_pid = pg_catalog.pg_backend_pid()
$$;
REVOKE ALL ON FUNCTION copilot.tenant() FROM PUBLIC;
COMMENT ON FUNCTION copilot.tenant() IS 'The tenant the application bound to this backend; null when none';

-- Every view filters with (SELECT copilot.tenant()): an init plan, evaluated once per statement.

CREATE VIEW copilot.products AS
SELECT p.product_id, p.sku, p.title, p.vendor, p.product_type, p.tags, p.active,
       p.cost_amount, p.cost_currency, p.created_at, p.updated_at
FROM public.product_view p
WHERE p.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.products IS 'The tenant''s products (one row per product)';
COMMENT ON COLUMN copilot.products.product_id IS 'The product''s id';
COMMENT ON COLUMN copilot.products.sku IS 'Stock keeping unit, unique per tenant';
COMMENT ON COLUMN copilot.products.title IS 'The product''s title';
COMMENT ON COLUMN copilot.products.vendor IS 'The brand or maker; may be null';
COMMENT ON COLUMN copilot.products.product_type IS 'The product''s type or category; may be null';
COMMENT ON COLUMN copilot.products.tags IS 'Tags (text array); test with ''tag'' = ANY(tags)';
COMMENT ON COLUMN copilot.products.active IS 'Whether the product is active (sold); inactive products are archived';
COMMENT ON COLUMN copilot.products.cost_amount IS 'What the product costs the tenant, in cost_currency; may be null';
COMMENT ON COLUMN copilot.products.cost_currency IS 'ISO 4217 currency of cost_amount';
COMMENT ON COLUMN copilot.products.created_at IS 'When the product was first recorded';
COMMENT ON COLUMN copilot.products.updated_at IS 'When the product last changed';

CREATE VIEW copilot.current_prices AS
SELECT pp.product_id, p.sku, pp.currency, pp.amount, pp.compare_at, pp.source, pp.valid_from
FROM public.product_price pp
JOIN public.product_view p ON p.product_id = pp.product_id AND p.tenant_id = pp.tenant_id
WHERE pp.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.current_prices IS 'Each product''s current price, one row per product and currency';
COMMENT ON COLUMN copilot.current_prices.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.current_prices.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.current_prices.currency IS 'ISO 4217 currency of the price';
COMMENT ON COLUMN copilot.current_prices.amount IS 'The price';
COMMENT ON COLUMN copilot.current_prices.compare_at IS 'The compare-at (was) price shown struck through; may be null';
COMMENT ON COLUMN copilot.current_prices.source IS 'What set the price: an import, a price change, a channel';
COMMENT ON COLUMN copilot.current_prices.valid_from IS 'Since when the price holds';

CREATE VIEW copilot.price_history AS
SELECT h.product_id, p.sku, h.currency, h.amount, h.compare_at, h.source, h.valid_from, h.valid_to
FROM public.product_price_history h
JOIN public.product_view p ON p.product_id = h.product_id AND p.tenant_id = h.tenant_id
WHERE h.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.price_history IS 'Every price a product has had, with the interval it held';
COMMENT ON COLUMN copilot.price_history.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.price_history.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.price_history.currency IS 'ISO 4217 currency of the price';
COMMENT ON COLUMN copilot.price_history.amount IS 'The price';
COMMENT ON COLUMN copilot.price_history.compare_at IS 'The compare-at (was) price; may be null';
COMMENT ON COLUMN copilot.price_history.source IS 'What set the price';
COMMENT ON COLUMN copilot.price_history.valid_from IS 'When the price started to hold';
COMMENT ON COLUMN copilot.price_history.valid_to IS 'When the next price replaced it; null for the current price';

CREATE VIEW copilot.price_changes AS
SELECT c.price_change_id, c.name, c.state, c.note, c.author, c.last_editor, c.approver, c.rejected_by,
       c.rejection_reason, c.schedule_at, c.expires_at,
       c.preview_items, c.preview_change, c.preview_no_change, c.preview_blocked, c.preview_skipped,
       c.preview_min_delta_percent, c.preview_median_delta_percent, c.preview_max_delta_percent,
       c.applied, c.conflicts, c.rolled_back, c.rollback_conflicts, c.failure_reason,
       c.created_at, c.updated_at, c.previewed_at, c.submitted_at, c.approved_at, c.rejected_at,
       c.cancelled_at, c.applied_at, c.rolled_back_at
FROM public.price_change_view c
WHERE c.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.price_changes IS 'The tenant''s price changes: a rule over products, previewed, approved and applied';
COMMENT ON COLUMN copilot.price_changes.price_change_id IS 'The price change''s id';
COMMENT ON COLUMN copilot.price_changes.name IS 'Its name';
COMMENT ON COLUMN copilot.price_changes.state IS 'DRAFT, PREVIEWED, SUBMITTED, APPROVED, SCHEDULED, APPLYING, APPLIED, ROLLING_BACK, ROLLED_BACK, REJECTED, CANCELLED, EXPIRED, FAILED or ABANDONED';
COMMENT ON COLUMN copilot.price_changes.note IS 'The author''s note; may be null';
COMMENT ON COLUMN copilot.price_changes.author IS 'Who drafted it (an actor id)';
COMMENT ON COLUMN copilot.price_changes.last_editor IS 'Who last edited it; may be null';
COMMENT ON COLUMN copilot.price_changes.approver IS 'Who approved it; null until approved';
COMMENT ON COLUMN copilot.price_changes.rejected_by IS 'Who rejected it; may be null';
COMMENT ON COLUMN copilot.price_changes.rejection_reason IS 'Why it was rejected; may be null';
COMMENT ON COLUMN copilot.price_changes.schedule_at IS 'When it is scheduled to apply; may be null';
COMMENT ON COLUMN copilot.price_changes.expires_at IS 'When its prices are rolled back; may be null';
COMMENT ON COLUMN copilot.price_changes.preview_items IS 'Items in its current preview';
COMMENT ON COLUMN copilot.price_changes.preview_change IS 'Preview items whose price changes';
COMMENT ON COLUMN copilot.price_changes.preview_no_change IS 'Preview items whose price stays';
COMMENT ON COLUMN copilot.price_changes.preview_blocked IS 'Preview items a guardrail blocked';
COMMENT ON COLUMN copilot.price_changes.preview_skipped IS 'Preview items skipped (no price in the currency)';
COMMENT ON COLUMN copilot.price_changes.preview_min_delta_percent IS 'Smallest price move of the preview, in percent';
COMMENT ON COLUMN copilot.price_changes.preview_median_delta_percent IS 'Median price move of the preview, in percent';
COMMENT ON COLUMN copilot.price_changes.preview_max_delta_percent IS 'Largest price move of the preview, in percent';
COMMENT ON COLUMN copilot.price_changes.applied IS 'Items the apply run set; null until it finished';
COMMENT ON COLUMN copilot.price_changes.conflicts IS 'Items the apply run skipped because their price had changed since the preview';
COMMENT ON COLUMN copilot.price_changes.rolled_back IS 'Items the rollback run restored';
COMMENT ON COLUMN copilot.price_changes.rollback_conflicts IS 'Items the rollback run skipped';
COMMENT ON COLUMN copilot.price_changes.failure_reason IS 'Why its run failed; may be null';
COMMENT ON COLUMN copilot.price_changes.created_at IS 'When it was drafted';
COMMENT ON COLUMN copilot.price_changes.updated_at IS 'When it last changed';
COMMENT ON COLUMN copilot.price_changes.previewed_at IS 'When it was last previewed';
COMMENT ON COLUMN copilot.price_changes.submitted_at IS 'When it was submitted for approval';
COMMENT ON COLUMN copilot.price_changes.approved_at IS 'When it was approved';
COMMENT ON COLUMN copilot.price_changes.rejected_at IS 'When it was rejected';
COMMENT ON COLUMN copilot.price_changes.cancelled_at IS 'When it was cancelled';
COMMENT ON COLUMN copilot.price_changes.applied_at IS 'When its apply run finished';
COMMENT ON COLUMN copilot.price_changes.rolled_back_at IS 'When its rollback run finished';

CREATE VIEW copilot.price_change_items AS
SELECT i.price_change_id, i.seq, i.product_id, i.sku, i.currency, i.status,
       i.current_price AS old_price, i.proposed_price AS new_price, i.delta, i.delta_percent,
       i.reasons, i.outcome, i.outcome_reason, i.rollback_outcome, i.rollback_reason
FROM public.price_change_item i
WHERE i.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.price_change_items IS 'The items of each price change''s current preview and what its runs made of them';
COMMENT ON COLUMN copilot.price_change_items.price_change_id IS 'The price change (copilot.price_changes.price_change_id)';
COMMENT ON COLUMN copilot.price_change_items.seq IS 'The item''s position in the preview';
COMMENT ON COLUMN copilot.price_change_items.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.price_change_items.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.price_change_items.currency IS 'ISO 4217 currency of the prices';
COMMENT ON COLUMN copilot.price_change_items.status IS 'What the rule made of it: CHANGE, NO_CHANGE, BLOCKED (a guardrail) or SKIPPED';
COMMENT ON COLUMN copilot.price_change_items.old_price IS 'The price when previewed';
COMMENT ON COLUMN copilot.price_change_items.new_price IS 'The price the rule proposed';
COMMENT ON COLUMN copilot.price_change_items.delta IS 'new_price - old_price';
COMMENT ON COLUMN copilot.price_change_items.delta_percent IS 'The move in percent of old_price';
COMMENT ON COLUMN copilot.price_change_items.reasons IS 'Why it is blocked or skipped, as JSON text';
COMMENT ON COLUMN copilot.price_change_items.outcome IS 'What the apply run did: APPLIED, CONFLICT (the price had changed since the preview) or FAILED; null before';
COMMENT ON COLUMN copilot.price_change_items.outcome_reason IS 'Why it was a conflict or failed';
COMMENT ON COLUMN copilot.price_change_items.rollback_outcome IS 'What the rollback run did: ROLLED_BACK or ROLLBACK_CONFLICT';
COMMENT ON COLUMN copilot.price_change_items.rollback_reason IS 'Why the rollback skipped it';

CREATE VIEW copilot.channel_sync AS
SELECT s.price_change_id, s.product_id, p.sku, s.action, s.channel, s.state
FROM public.price_change_channel_sync s
JOIN public.product_view p ON p.product_id = s.product_id AND p.tenant_id = s.tenant_id
WHERE s.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.channel_sync IS 'Per price change, product, action and sales channel: whether the channel took the price';
COMMENT ON COLUMN copilot.channel_sync.price_change_id IS 'The price change (copilot.price_changes.price_change_id)';
COMMENT ON COLUMN copilot.channel_sync.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.channel_sync.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.channel_sync.action IS 'APPLY or ROLLBACK';
COMMENT ON COLUMN copilot.channel_sync.channel IS 'The sales channel, such as shopify';
COMMENT ON COLUMN copilot.channel_sync.state IS 'PENDING, SYNCED, FAILED (a sync failure) or SUPERSEDED';

CREATE VIEW copilot.drifts AS
SELECT d.product_id, d.channel, d.sku, d.currency, d.expected, d.actual, d.actual_compare_at, d.state,
       d.detected_at, d.resolved_at
FROM public.channel_drift_view d
WHERE d.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.drifts IS 'The latest drift of each product at each channel: the channel showed another price than Calibrate set';
COMMENT ON COLUMN copilot.drifts.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.drifts.channel IS 'The sales channel';
COMMENT ON COLUMN copilot.drifts.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.drifts.currency IS 'ISO 4217 currency of the prices';
COMMENT ON COLUMN copilot.drifts.expected IS 'The price Calibrate set';
COMMENT ON COLUMN copilot.drifts.actual IS 'The price the channel showed';
COMMENT ON COLUMN copilot.drifts.actual_compare_at IS 'The compare-at price the channel showed; may be null';
COMMENT ON COLUMN copilot.drifts.state IS 'OPEN, REPAIRING, ACCEPTED or REPAIRED; open drifts are OPEN';
COMMENT ON COLUMN copilot.drifts.detected_at IS 'When the drift was seen';
COMMENT ON COLUMN copilot.drifts.resolved_at IS 'When it was accepted or repaired; null while open';

CREATE VIEW copilot.competitors AS
SELECT c.competitor_id, c.name, c.domain, c.registered_at
FROM public.competitor_view c
WHERE c.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.competitors IS 'The competitors the tenant watches';
COMMENT ON COLUMN copilot.competitors.competitor_id IS 'The competitor''s id';
COMMENT ON COLUMN copilot.competitors.name IS 'Its name';
COMMENT ON COLUMN copilot.competitors.domain IS 'Its web domain, unique per tenant';
COMMENT ON COLUMN copilot.competitors.registered_at IS 'When the tenant started watching it';

CREATE VIEW copilot.competitor_observations AS
SELECT o.competitor_id, c.name AS competitor, o.product_id, o.sku, o.currency, o.amount, o.in_stock,
       o.observed_at, o.url
FROM public.competitor_observation o
JOIN public.competitor_view c ON c.competitor_id = o.competitor_id AND c.tenant_id = o.tenant_id
WHERE o.tenant_id = (SELECT copilot.tenant());
COMMENT ON VIEW copilot.competitor_observations IS 'Every price seen at a competitor for one of the tenant''s products';
COMMENT ON COLUMN copilot.competitor_observations.competitor_id IS 'The competitor (copilot.competitors.competitor_id)';
COMMENT ON COLUMN copilot.competitor_observations.competitor IS 'The competitor''s name';
COMMENT ON COLUMN copilot.competitor_observations.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.competitor_observations.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.competitor_observations.currency IS 'ISO 4217 currency of the price';
COMMENT ON COLUMN copilot.competitor_observations.amount IS 'The price seen';
COMMENT ON COLUMN copilot.competitor_observations.in_stock IS 'Whether the competitor had it in stock';
COMMENT ON COLUMN copilot.competitor_observations.observed_at IS 'When the price was seen';
COMMENT ON COLUMN copilot.competitor_observations.url IS 'Where it was seen; may be null';

-- Per product and currency, the tenant's price against each competitor's latest observation.
CREATE VIEW copilot.price_position AS
WITH latest AS (
    SELECT DISTINCT ON (o.competitor_id, o.product_id, o.currency)
           o.competitor_id, o.product_id, o.currency, o.amount
    FROM public.competitor_observation o
    WHERE o.tenant_id = (SELECT copilot.tenant())
    ORDER BY o.competitor_id, o.product_id, o.currency, o.observed_at DESC
)
SELECT pp.product_id, p.sku, pp.currency, pp.amount AS our_price,
       count(l.competitor_id) AS competitors, min(l.amount) AS lowest_competitor_price,
       avg(l.amount) AS average_competitor_price, max(l.amount) AS highest_competitor_price,
       count(l.competitor_id) FILTER (WHERE l.amount < pp.amount) AS competitors_cheaper
FROM public.product_price pp
JOIN public.product_view p ON p.product_id = pp.product_id AND p.tenant_id = pp.tenant_id
JOIN latest l ON l.product_id = pp.product_id AND l.currency = pp.currency
WHERE pp.tenant_id = (SELECT copilot.tenant())
GROUP BY pp.product_id, p.sku, pp.currency, pp.amount;
COMMENT ON VIEW copilot.price_position IS 'Per product and currency with competitor prices: our price against each competitor''s latest price';
COMMENT ON COLUMN copilot.price_position.product_id IS 'The product (copilot.products.product_id)';
COMMENT ON COLUMN copilot.price_position.sku IS 'The product''s SKU';
COMMENT ON COLUMN copilot.price_position.currency IS 'ISO 4217 currency of the prices';
COMMENT ON COLUMN copilot.price_position.our_price IS 'The tenant''s current price';
COMMENT ON COLUMN copilot.price_position.competitors IS 'Competitors with an observation of the product in the currency';
COMMENT ON COLUMN copilot.price_position.lowest_competitor_price IS 'The lowest of their latest prices';
COMMENT ON COLUMN copilot.price_position.average_competitor_price IS 'The average of their latest prices';
COMMENT ON COLUMN copilot.price_position.highest_competitor_price IS 'The highest of their latest prices';
COMMENT ON COLUMN copilot.price_position.competitors_cheaper IS 'Competitors whose latest price is below ours';

-- The copilot's login role. Created here when missing (the migration user then needs CREATEROLE); on a
-- database where it may not, a DBA creates it first (docs/operations.md). Its password is the
-- application's to set at start (calibrate.copilot.db.password).
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calibrate_copilot') THEN
        CREATE ROLE calibrate_copilot LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION
            NOBYPASSRLS;
    END IF;
END
$$;
-- Whatever a statement does, it is read-only and stops after 5 s (the application sets a shorter limit
-- per statement from calibrate.copilot.statement-timeout); a transaction left open ends too.
ALTER ROLE calibrate_copilot SET default_transaction_read_only = on;
ALTER ROLE calibrate_copilot SET statement_timeout = '5s';
ALTER ROLE calibrate_copilot SET idle_in_transaction_session_timeout = '10s';
ALTER ROLE calibrate_copilot SET work_mem = '8MB';
-- temp_file_limit is a superuser setting: set where the migration user may, documented otherwise.
DO $$
BEGIN
    ALTER ROLE calibrate_copilot SET temp_file_limit = '64MB';
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'temp_file_limit not set on calibrate_copilot (needs a superuser; see docs/operations.md)';
END
$$;

GRANT USAGE ON SCHEMA copilot TO calibrate_copilot, calibrate_worker;
GRANT EXECUTE ON FUNCTION copilot.tenant() TO calibrate_copilot;
GRANT SELECT ON copilot.products, copilot.current_prices, copilot.price_history, copilot.price_changes,
    copilot.price_change_items, copilot.channel_sync, copilot.drifts, copilot.competitors,
    copilot.competitor_observations, copilot.price_position TO calibrate_copilot;
-- the application binds and unbinds copilot backends through its main pool
GRANT SELECT, INSERT, UPDATE, DELETE ON copilot.binding TO calibrate_worker;

-- Nothing of the public schema is the copilot's: every role of the application has its own grant on
-- it (V1), so PUBLIC's default USAGE goes (its functions, such as calibrate_enable_tenant_rls, are then
-- out of reach too). Only the schema's owner may revoke; elsewhere this warns and a DBA does it.
REVOKE USAGE ON SCHEMA public FROM PUBLIC;
