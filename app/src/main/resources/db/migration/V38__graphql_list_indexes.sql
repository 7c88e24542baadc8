-- Indexes for the orders GraphQL's lists page in by keyset (docs/graphql.md, "Connections and cursors"), both
-- ways: without them a cheap document (auditEntries(entityId:), drifts(state: "ACCEPTED,REPAIRED")) walked an
-- index in the list's order filtering row by row, or sorted every match, up to the statement timeout.

-- auditEntries(entityId:) and (entityType:), newest first by the event's global position. audit_entry_entity
-- (tenant, type, id) has no position, so an entity's entries had to be sorted, and entityId alone could not use it.
CREATE INDEX audit_entry_tenant_entity_position ON audit_entry (tenant_id, entity_id, global_index);
CREATE INDEX audit_entry_tenant_type_position ON audit_entry (tenant_id, entity_type, global_index);

-- drifts(channel:, state:) newest detected first, the product id breaking ties (ChannelQueries.driftWindow).
-- channel_drift_view_list has the state before the time, so more than one state (the default OPEN,REPAIRING,
-- or the resolved ones) could not be read in that order without sorting every drift of those states.
CREATE INDEX channel_drift_view_detected ON channel_drift_view (tenant_id, channel, detected_at DESC, product_id);
