-- Roles. The application never runs as the owner of these tables:
--   calibrate_worker  command handling and event processors; may see and write every tenant's rows,
--                     may only SELECT and INSERT events.
--   calibrate_api     request-scoped reads; sees only the rows of the tenant in app.tenant_id.
-- The login user (the owner, who runs these migrations) must be able to SET ROLE to both.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calibrate_worker') THEN
        CREATE ROLE calibrate_worker NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calibrate_api') THEN
        CREATE ROLE calibrate_api NOLOGIN;
    END IF;
    EXECUTE format('GRANT calibrate_worker, calibrate_api TO %I', current_user);
END
$$;

GRANT USAGE ON SCHEMA public TO calibrate_worker, calibrate_api;

-- Axon event store (JDBC engine, default Axon names folded to lower case). Payloads are bytea,
-- never OID large objects; the global index sequence allocates one at a time.
CREATE TABLE domainevententry (
    globalindex         BIGSERIAL    NOT NULL PRIMARY KEY,
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255),
    eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
    metadata            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadrevision     VARCHAR(255),
    payloadtype         VARCHAR(255) NOT NULL,
    timestamp           VARCHAR(255) NOT NULL,
    UNIQUE (aggregateidentifier, sequencenumber)
);
ALTER SEQUENCE domainevententry_globalindex_seq INCREMENT BY 1 CACHE 1;

-- The event store is the audit log: append-only for every role, owner and superuser included.
CREATE FUNCTION reject_event_mutation() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'domainevententry is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER domainevententry_append_only
    BEFORE UPDATE OR DELETE ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION reject_event_mutation();
CREATE TRIGGER domainevententry_no_truncate
    BEFORE TRUNCATE ON domainevententry
    FOR EACH STATEMENT EXECUTE FUNCTION reject_event_mutation();

GRANT SELECT, INSERT ON domainevententry TO calibrate_worker;
GRANT USAGE, SELECT ON SEQUENCE domainevententry_globalindex_seq TO calibrate_worker;

CREATE TABLE snapshotevententry (
    aggregateidentifier VARCHAR(255) NOT NULL,
    sequencenumber      BIGINT       NOT NULL,
    type                VARCHAR(255) NOT NULL,
    eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
    metadata            BYTEA,
    payload             BYTEA        NOT NULL,
    payloadrevision     VARCHAR(255),
    payloadtype         VARCHAR(255) NOT NULL,
    timestamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregateidentifier, sequencenumber)
);
GRANT SELECT, INSERT, DELETE ON snapshotevententry TO calibrate_worker;

-- Tracking tokens of the event processors.
CREATE TABLE tokenentry (
    processorname VARCHAR(255) NOT NULL,
    segment       INTEGER      NOT NULL,
    token         BYTEA,
    tokentype     VARCHAR(255),
    timestamp     VARCHAR(255),
    owner         VARCHAR(255),
    PRIMARY KEY (processorname, segment)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON tokenentry TO calibrate_worker;

-- Sagas (process managers).
CREATE TABLE sagaentry (
    sagaid         VARCHAR(255) NOT NULL PRIMARY KEY,
    revision       VARCHAR(255),
    sagatype       VARCHAR(255),
    serializedsaga BYTEA
);
CREATE TABLE associationvalueentry (
    id               BIGSERIAL    NOT NULL PRIMARY KEY,
    associationkey   VARCHAR(255) NOT NULL,
    associationvalue VARCHAR(255),
    sagatype         VARCHAR(255) NOT NULL,
    sagaid           VARCHAR(255) NOT NULL
);
CREATE INDEX associationvalueentry_lookup ON associationvalueentry (sagatype, associationkey, associationvalue);
CREATE INDEX associationvalueentry_saga ON associationvalueentry (sagaid, sagatype);
GRANT SELECT, INSERT, UPDATE, DELETE ON sagaentry, associationvalueentry TO calibrate_worker;
GRANT USAGE, SELECT ON SEQUENCE associationvalueentry_id_seq TO calibrate_worker;

-- Dead letters of event processors whose handlers failed.
CREATE TABLE deadletterentry (
    deadletteridentifier VARCHAR(255)  NOT NULL PRIMARY KEY,
    processinggroup      VARCHAR(255)  NOT NULL,
    sequenceidentifier   VARCHAR(255)  NOT NULL,
    sequenceindex        BIGINT        NOT NULL,
    messagetype          VARCHAR(255)  NOT NULL,
    eventidentifier      VARCHAR(255)  NOT NULL,
    timestamp            VARCHAR(255)  NOT NULL,
    payloadtype          VARCHAR(255)  NOT NULL,
    payloadrevision      VARCHAR(255),
    payload              BYTEA         NOT NULL,
    metadata             BYTEA,
    type                 VARCHAR(255),
    aggregateidentifier  VARCHAR(255),
    sequencenumber       BIGINT,
    tokentype            VARCHAR(255),
    token                BYTEA,
    enqueuedat           VARCHAR(255)  NOT NULL,
    lasttouched          VARCHAR(255),
    processingstarted    VARCHAR(255),
    causetype            VARCHAR(255),
    causemessage         VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT deadletterentry_sequence UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);
CREATE INDEX deadletterentry_group ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_sequence_lookup ON deadletterentry (processinggroup, sequenceidentifier);
GRANT SELECT, INSERT, UPDATE, DELETE ON deadletterentry TO calibrate_worker;
