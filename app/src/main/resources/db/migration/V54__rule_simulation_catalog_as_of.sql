-- What of the catalog a simulation took as of each day (docs/saved-rules.md#simulation): 'each-day' (prices,
-- details, active flag and brand floors, where the event table could say which products changed) or
-- 'prices-only' (prices as of each day, every product's other fields as they are now: under the axonserver
-- profile, and every simulation run before this column). Set as the simulation is recorded (the profile decides).
ALTER TABLE rule_simulation ADD COLUMN catalog_as_of VARCHAR(16) NOT NULL DEFAULT 'prices-only';

-- Which of a tenant's products had their details, active flag or brand floors changed after a simulation's
-- first day (JdbcProductChanges): a range scan over only the tenant's events of those four types, whatever
-- else the tenant stored (domainevententry_tenant would read every event row of the tenant's). The payload
-- type names must be the ones ProductChanges.REPLAYED lists, and the query must name them as literals, or the
-- planner cannot use this partial index (JdbcProductChangesTest checks the plan). Axon stores the
-- timestamp as ISO-8601 text: under the "C" collation text order is byte order, which is time order down to
-- the second (the fraction is compared exactly once the few rows are cast).
--
-- A plain CREATE INDEX (Flyway runs this script in a transaction, with the ALTER above, where CONCURRENTLY is
-- not allowed): it holds a SHARE lock on domainevententry until the migration commits, so every append (each
-- command that applies an event) waits while it builds over the whole event table; reads go on. On a large
-- existing event store plan the upgrade for a quiet window, or build this index CONCURRENTLY beforehand
-- under this name (docs/operations.md): IF NOT EXISTS then leaves it.
CREATE INDEX IF NOT EXISTS domainevententry_product_changes
    ON domainevententry (tenant_id, "timestamp" COLLATE "C")
    WHERE type = 'Product'
      AND payloadtype IN ('dev.calibrate.kernel.product.ProductMessages$ProductDetailsChanged',
                          'dev.calibrate.kernel.product.ProductMessages$ProductDeactivated',
                          'dev.calibrate.kernel.product.ProductMessages$ProductReactivated',
                          'dev.calibrate.kernel.product.ProductMessages$ProductBrandFloorsSet');
