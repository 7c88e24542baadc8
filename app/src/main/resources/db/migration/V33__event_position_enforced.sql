-- V32's safe horizon rests on one assumption about the write path: a row's position is taken from
-- calibrate_next_event_position() (which gives the transaction its id first), inside the inserting
-- transaction. A column default only does that when the writer leaves the column out: a writer that
-- supplied its own globalindex (a copy, a repair script, a future bulk loader) could slip a row under
-- a horizon that readers have already passed, and it would never be served. The position is now
-- forced by a trigger, whatever the INSERT says; the default goes, so that a row takes one position.

CREATE FUNCTION calibrate_force_event_position() RETURNS TRIGGER
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.globalindex := calibrate_next_event_position();
    RETURN NEW;
END
$$;

CREATE TRIGGER domainevententry_position
    BEFORE INSERT ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION calibrate_force_event_position();

-- ALWAYS: the trigger fires in replica mode too (pg_restore --disable-triggers aside, logical replication's
-- apply and session_replication_role = replica skip ordinary triggers). Only the table's owner can still
-- DISABLE it, and then an INSERT naming no position fails on NOT NULL.
ALTER TABLE domainevententry ENABLE ALWAYS TRIGGER domainevententry_position;

ALTER TABLE domainevententry ALTER COLUMN globalindex DROP DEFAULT;

-- Functions are executable by PUBLIC unless revoked: only the event store's writer may take a position
-- (the trigger runs its function as the inserting role). calibrate_api only reads events, and the
-- copilot's role must reach nothing of the public schema (V25).
REVOKE ALL ON FUNCTION calibrate_next_event_position() FROM PUBLIC;
REVOKE ALL ON FUNCTION calibrate_force_event_position() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calibrate_next_event_position() TO calibrate_worker;
GRANT EXECUTE ON FUNCTION calibrate_force_event_position() TO calibrate_worker;
