-- The safe horizon of the event store: the highest position below which no event can still appear.
-- Positions (globalindex) come from a sequence when a row is inserted, not when its transaction
-- commits, so position 9 can become visible after position 10: a reader that served 10 and then
-- resumed "after 10" would never see 9. Waiting a fixed time for such gaps only makes that rarer.
--
-- The reader (SafeHorizon, query-side) tells from transaction ids instead: it reads the last position
-- handed out, then takes a fresh transaction id (the fence). Every transaction holding one of those
-- positions took its position before the read, so (by the default below) had its transaction id even
-- earlier, lower than the fence. Once the oldest running transaction is at or past the fence
-- (pg_snapshot_xmin), each of those positions is final: committed and visible, or rolled back for good.
--
-- What the write path must guarantee: a transaction has its transaction id before it takes a
-- position. Without this default it would not always: the id is assigned at the transaction's first
-- write, and the sequence is read before the row is written. PERFORM assigns it when the transaction
-- has none yet (it costs nothing when it has one, as any transaction that already wrote does). The
-- append statement is unchanged; the write path pays one PL/pgSQL call per event.
--
-- The event's own transaction id is not what a reader needs (a transaction can take its id long
-- before its position, so an older, committed id can sit at a higher position than a younger
-- transaction's still open), nor is a snapshot's xmax at insert time (it is one past the latest
-- completed id, not the next to be assigned): neither is stored.

CREATE FUNCTION calibrate_next_event_position() RETURNS BIGINT
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('domainevententry_globalindex_seq');
END
$$;

ALTER TABLE domainevententry ALTER COLUMN globalindex SET DEFAULT calibrate_next_event_position();
GRANT EXECUTE ON FUNCTION calibrate_next_event_position() TO calibrate_worker;

-- No new index: the feed reads a tenant's events in position order through domainevententry_tenant
-- (tenant_id, globalindex) from V14, up to the horizon.
