-- What of the catalog a simulation took as of each day (docs/saved-rules.md#simulation): 'each-day' (prices,
-- details, active flag and brand floors, where the event table could say which products changed) or
-- 'prices-only' (prices as of each day, every product's other fields as they are now: under the axonserver
-- profile, and every simulation run before this column). The job sets it once it has read the history.
ALTER TABLE rule_simulation ADD COLUMN catalog_as_of VARCHAR(16) NOT NULL DEFAULT 'prices-only';
