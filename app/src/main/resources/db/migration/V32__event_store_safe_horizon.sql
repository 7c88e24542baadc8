-- The safe horizon of the event store: which positions a reader may pass without ever skipping an
-- event whose transaction commits later. Positions (globalindex) come from a sequence when a row is
-- inserted, not when its transaction commits, so position 9 can become visible after position 10:
-- a reader that served 10 and then resumed "after 10" would never see 9.
--
-- The writer's own xid is not enough to tell (a transaction can take its xid long before its
-- position, so an older, committed xid can sit at a higher position than a younger one still open).
-- What is enough: every event records settles_at, a transaction id no lower than the xid of every
-- transaction that had taken a position before it took its own. Once the oldest running transaction
-- is at or past settles_at (pg_snapshot_xmin), every position below the event's is final: committed
-- and visible, or rolled back for good. A reader serves events in position order and stops at the
-- first one not yet settled (SafeHorizon, in query-side, holds the one predicate every reader uses).
--
-- Two defaults make that hold:
--   * the position is taken only once the transaction has its xid (calibrate_next_event_position),
--     so a transaction holding a position is always one a snapshot can see running;
--   * settles_at is the next xid to be handed out, read from a fresh snapshot after the position
--     was taken (calibrate_event_settles_at; the columns' defaults are evaluated in column order,
--     globalindex first). A volatile PL/pgSQL function takes a new snapshot for each expression under
--     READ COMMITTED, which every append runs in.
-- Both are defaults, so the append statement is unchanged; the write path pays two function calls
-- and one snapshot per event. Events stored before this migration have no settles_at: they were
-- committed long ago and read as settled. The column is added without a default first, so existing
-- rows are not rewritten (a volatile default would rewrite the whole table).

CREATE FUNCTION calibrate_next_event_position() RETURNS BIGINT
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('domainevententry_globalindex_seq');
END
$$;

CREATE FUNCTION calibrate_event_settles_at() RETURNS xid8
    LANGUAGE plpgsql VOLATILE AS
$$
BEGIN
    RETURN pg_snapshot_xmax(pg_current_snapshot());
END
$$;

ALTER TABLE domainevententry ALTER COLUMN globalindex SET DEFAULT calibrate_next_event_position();
ALTER TABLE domainevententry ADD COLUMN settles_at xid8;
ALTER TABLE domainevententry ALTER COLUMN settles_at SET DEFAULT calibrate_event_settles_at();

GRANT EXECUTE ON FUNCTION calibrate_next_event_position(), calibrate_event_settles_at() TO calibrate_worker;

-- No new index: the feed reads a tenant's events in position order through domainevententry_tenant
-- (tenant_id, globalindex) from V14, and checks settles_at on the rows it reads.
