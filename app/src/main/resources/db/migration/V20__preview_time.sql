-- When each change's current preview was recorded: a node that starts rebuilds the preview catalogs of
-- the tenants that previewed lately, so that their next preview finds the catalog held. Previews
-- recorded before this column have none and are not warmed.
ALTER TABLE price_change_preview ADD COLUMN previewed_at TIMESTAMPTZ;
CREATE INDEX price_change_preview_by_time ON price_change_preview (previewed_at);
