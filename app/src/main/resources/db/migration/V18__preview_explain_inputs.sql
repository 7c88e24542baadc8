-- A preview no longer stores each item's explain trace as JSON (382 bytes an item, most of the
-- preview's storing time): it stores once, per preview, the frame every item's explain shares (the
-- selector's, steps' and guardrails' texts, JSON) and, per item, the compact inputs its explain is
-- rendered from when a page is read (ExplainFrame, ExplainInputs). Items stored before keep their
-- explain and are read as they were; an item has one or the other.
ALTER TABLE price_change_preview ADD COLUMN explain_frame TEXT;
ALTER TABLE price_change_item ALTER COLUMN explain DROP NOT NULL;
ALTER TABLE price_change_item ADD COLUMN explain_inputs TEXT;
ALTER TABLE price_change_item ADD CONSTRAINT price_change_item_explained
    CHECK (explain IS NOT NULL OR explain_inputs IS NOT NULL);
