-- The copilot's views filter by copilot.tenant(). Without security_barrier the planner may evaluate a
-- question's own predicates before that filter, so a predicate that raises an error on some value
-- (a division, a cast) could tell, one bit at a time, something about another tenant's rows. With it,
-- the tenant filter always runs first.
ALTER VIEW copilot.products SET (security_barrier = true);
ALTER VIEW copilot.current_prices SET (security_barrier = true);
ALTER VIEW copilot.price_history SET (security_barrier = true);
ALTER VIEW copilot.price_changes SET (security_barrier = true);
ALTER VIEW copilot.price_change_items SET (security_barrier = true);
ALTER VIEW copilot.channel_sync SET (security_barrier = true);
ALTER VIEW copilot.drifts SET (security_barrier = true);
ALTER VIEW copilot.competitors SET (security_barrier = true);
ALTER VIEW copilot.competitor_observations SET (security_barrier = true);
ALTER VIEW copilot.price_position SET (security_barrier = true);
