-- A preview's rows no longer carry a copy of their preview's hash: readers take it from the preview's own row
-- (price_change_preview) in the same statement since the release of 2026-12-07, which stopped reading the copy.
-- This release stops writing it, so the column may be empty (new rows leave it NULL; an edit no longer
-- rewrites every row of its preview to set it). A later release drops the column once no node of a release
-- that wrote it runs. The partition (price_change_item_all) follows its parent.
ALTER TABLE price_change_item ALTER COLUMN preview_hash DROP NOT NULL;
