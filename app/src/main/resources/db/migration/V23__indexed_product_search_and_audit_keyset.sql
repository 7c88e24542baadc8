-- The product list's q (part of the title or SKU, case-insensitive) and the audit log's newest-first
-- page, indexed so that neither reads every row of the tenant (issue 15: console pages with 100,000
-- products under 300 ms).

-- pg_trgm ships with PostgreSQL (contrib; the embedded binaries have it too) and is a trusted
-- extension: a user with CREATE on the database may create it, no superuser needed (docs/operations.md).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A GIN index keeps new entries in a pending list that every search reads in full until it is merged;
-- at the default 4 MB a search after a bulk import spent tens of milliseconds there. 256 kB keeps
-- most of the batching for the catalog's writes.
CREATE INDEX product_view_title_trgm ON product_view USING gin (title gin_trgm_ops)
    WITH (gin_pending_list_limit = 256);
CREATE INDEX product_view_sku_trgm ON product_view USING gin (sku gin_trgm_ops)
    WITH (gin_pending_list_limit = 256);

-- Row-level security keeps these indexes from the request role: a query's own conditions may use an
-- index only if their operators are LEAKPROOF or no policy condition must run before them, and ILIKE
-- is not leakproof (only a superuser can mark a function so). As calibrate_api, ILIKE is therefore
-- a filter over every row of the tenant. These two functions run the search as calibrate_worker
-- (SECURITY DEFINER), whose policy lets every row through, and name the tenant themselves exactly as
-- the request role's policy does: the transaction's app.tenant_id, none when it is unset or empty.
-- They return product ids and counts only; the caller reads the rows through row-level security.
--
-- product_search_page answers a page of ids, each with the number of matches counted up to
-- max_count (the same on every row). A pattern with three letters or digits in a row has trigrams:
-- the indexes find every match once, materialized, and both the count and the sorted page read that
-- (materialized also so that LIMIT cannot tempt the planner into walking the SKU order and filtering:
-- a pattern it misjudges as common, such as one nothing matches, would then read the whole catalog).
-- A shorter one ('%e%') has none: EXECUTE plans it with its own value, so a common match walks the
-- (tenant_id, sku) index until the page is full and the count stops at max_count.
CREATE FUNCTION product_search_page(pattern TEXT, sku TEXT, tag TEXT, vendor TEXT, active BOOLEAN,
                                    max_rows INTEGER, skip_rows INTEGER, max_count INTEGER)
    RETURNS TABLE (product_id UUID, matches BIGINT)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp AS
$$
DECLARE
    matching CONSTANT TEXT := 'SELECT p.product_id, p.sku FROM product_view p
          WHERE p.tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid
            AND (p.title ILIKE $1 ESCAPE ''\'' OR p.sku ILIKE $1 ESCAPE ''\'')
            AND ($2 IS NULL OR p.sku = $2)
            AND ($3 IS NULL OR p.tags @> ARRAY[$3])
            AND ($4 IS NULL OR p.vendor = $4)
            AND ($5 IS NULL OR p.active = $5)';
BEGIN
    IF pattern ~ '[[:alnum:]]{3}' THEN
        RETURN QUERY EXECUTE 'WITH found AS MATERIALIZED (' || matching || '),
                 counted AS (SELECT count(*) AS n FROM (SELECT 1 FROM found LIMIT $8) c)
            SELECT found.product_id, counted.n FROM found, counted
             ORDER BY found.sku, found.product_id LIMIT $6 OFFSET $7'
            USING pattern, sku, tag, vendor, active, max_rows, skip_rows, max_count;
    ELSE
        RETURN QUERY EXECUTE 'SELECT found.product_id,
                 (SELECT count(*) FROM (' || matching || ' LIMIT $8) c) FROM (' || matching || ') found
             ORDER BY found.sku, found.product_id LIMIT $6 OFFSET $7'
            USING pattern, sku, tag, vendor, active, max_rows, skip_rows, max_count;
    END IF;
END
$$;

-- How many products the same search finds, counting no further than max_count: for a page past the
-- last match, which has no row to carry the count.
CREATE FUNCTION product_search_count(pattern TEXT, sku TEXT, tag TEXT, vendor TEXT, active BOOLEAN,
                                     max_count INTEGER)
    RETURNS BIGINT
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp AS
$$
DECLARE
    matching CONSTANT TEXT := 'SELECT 1 FROM product_view p
          WHERE p.tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid
            AND (p.title ILIKE $1 ESCAPE ''\'' OR p.sku ILIKE $1 ESCAPE ''\'')
            AND ($2 IS NULL OR p.sku = $2)
            AND ($3 IS NULL OR p.tags @> ARRAY[$3])
            AND ($4 IS NULL OR p.vendor = $4)
            AND ($5 IS NULL OR p.active = $5)';
    matches BIGINT;
BEGIN
    IF pattern ~ '[[:alnum:]]{3}' THEN
        EXECUTE 'WITH found AS MATERIALIZED (' || matching || ')
            SELECT count(*) FROM (SELECT 1 FROM found LIMIT $6) counted'
            INTO matches USING pattern, sku, tag, vendor, active, max_count;
    ELSE
        EXECUTE 'SELECT count(*) FROM (' || matching || ' LIMIT $6) counted'
            INTO matches USING pattern, sku, tag, vendor, active, max_count;
    END IF;
    RETURN matches;
END
$$;

REVOKE ALL ON FUNCTION product_search_page(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER, INTEGER, INTEGER) FROM PUBLIC;
REVOKE ALL ON FUNCTION product_search_count(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION product_search_page(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER, INTEGER, INTEGER) TO calibrate_api;
GRANT EXECUTE ON FUNCTION product_search_count(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER) TO calibrate_api;

-- A function's new owner must hold CREATE on its schema, which the worker does not: it is granted for
-- the two ALTERs and taken back. A configured user that may not grant it (not the database's owner)
-- leaves the functions with the caller's rights: the same answers through row-level security, unindexed.
DO
$$
DECLARE
    lend_create BOOLEAN := NOT has_schema_privilege('calibrate_worker', 'public', 'CREATE');
BEGIN
    IF lend_create THEN
        GRANT CREATE ON SCHEMA public TO calibrate_worker;
    END IF;
    ALTER FUNCTION product_search_page(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER, INTEGER, INTEGER) OWNER TO calibrate_worker;
    ALTER FUNCTION product_search_count(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER) OWNER TO calibrate_worker;
    IF lend_create THEN
        REVOKE CREATE ON SCHEMA public FROM calibrate_worker;
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        ALTER FUNCTION product_search_page(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER, INTEGER, INTEGER) SECURITY INVOKER;
        ALTER FUNCTION product_search_count(TEXT, TEXT, TEXT, TEXT, BOOLEAN, INTEGER) SECURITY INVOKER;
        RAISE WARNING 'product search runs unindexed: % could not make calibrate_worker own its functions (docs/operations.md, "Product search")',
            current_user;
END
$$;

-- The audit log newest first, in keyset pages: the first page and every "older than" page walk this
-- index backwards and stop after one page, instead of sorting the tenant's whole log.
CREATE INDEX audit_entry_tenant_position ON audit_entry (tenant_id, global_index);
