-- Every tracking processor reads the event store through one shared producer (Axon's EmbeddedEventStore),
-- and that producer parses each row's timestamp as an ISO-8601 instant before any handler sees the event.
-- One row whose timestamp it cannot parse ('2026-12-05 04:52:34+00', as now()::text writes it) made the
-- producer fail on that row and retry it for ever: every read model of every tenant stopped at the row
-- before it, each processor still "running" and in no error. A payload that fails to deserialize is
-- dead-lettered for its own sequence; a timestamp cannot be, so the store refuses the row instead.
-- Axon writes Instant.toString()'s form (UTC, 'T', 'Z', up to nine fraction digits); the cast refuses a
-- well-shaped impossible date (February 30th), which Instant.parse refuses too.

CREATE FUNCTION calibrate_event_timestamp_valid(stamp TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE STRICT AS
$$
SELECT stamp ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$'
       AND (stamp::timestamptz) IS NOT NULL
$$;

-- NOT VALID, then VALIDATE: new rows are checked at once, and the scan of the rows already stored takes
-- a lock that lets writers go on.
ALTER TABLE domainevententry
    ADD CONSTRAINT domainevententry_timestamp_instant CHECK (calibrate_event_timestamp_valid(timestamp)) NOT VALID;
ALTER TABLE domainevententry VALIDATE CONSTRAINT domainevententry_timestamp_instant;

-- as V33 does for its functions: the copilot's role reaches nothing of the public schema (V25), and only
-- the event store's writer inserts events
REVOKE ALL ON FUNCTION calibrate_event_timestamp_valid(TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calibrate_event_timestamp_valid(TEXT) TO calibrate_worker;
