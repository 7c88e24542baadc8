-- The tamper-evident audit log (issue 18, docs/audit.md): each tenant's events, in store order, as
-- the leaves of an RFC 6962 Merkle tree, with signed checkpoints of its root. Written only by the
-- sealing task (the worker role); requests read their own tenant's rows.

-- Where sealing has read the event store up to (every tenant at once, in position order): one row.
CREATE TABLE audit_seal_cursor (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    position BIGINT  NOT NULL
);
INSERT INTO audit_seal_cursor (id, position) VALUES (1, 0);
GRANT SELECT, UPDATE ON audit_seal_cursor TO calibrate_worker;
-- verify (as the request role) reads it: an event of the tenant at or below it that no leaf holds was never sealed
GRANT SELECT ON audit_seal_cursor TO calibrate_api;

-- Each tenant's tree: its size (leaves sealed) and the position of its last leaf.
CREATE TABLE audit_tree (
    tenant_id     UUID        NOT NULL PRIMARY KEY,
    tree_size     BIGINT      NOT NULL,
    last_position BIGINT      NOT NULL,
    sealed_at     TIMESTAMPTZ NOT NULL
);
SELECT calibrate_enable_tenant_rls('audit_tree');

-- The leaves: the leaf hash of the event at this position (docs/audit.md: the leaf format).
CREATE TABLE audit_leaf (
    tenant_id  UUID         NOT NULL,
    leaf_index BIGINT       NOT NULL,
    position   BIGINT       NOT NULL,
    event_id   VARCHAR(255) NOT NULL,
    leaf_hash  BYTEA        NOT NULL,
    PRIMARY KEY (tenant_id, leaf_index),
    UNIQUE (tenant_id, position)
);
CREATE INDEX audit_leaf_event ON audit_leaf (tenant_id, event_id);
SELECT calibrate_enable_tenant_rls('audit_leaf');

-- The hashes of complete subtrees above the leaves: (level, node_index) covers leaves
-- [node_index * 2^level, (node_index + 1) * 2^level). A root or proof of any size reads O(log n) of them.
CREATE TABLE audit_subtree (
    tenant_id  UUID     NOT NULL,
    level      SMALLINT NOT NULL CHECK (level > 0),
    node_index BIGINT   NOT NULL,
    hash       BYTEA    NOT NULL,
    PRIMARY KEY (tenant_id, level, node_index)
);
SELECT calibrate_enable_tenant_rls('audit_subtree');

-- The keys that sign checkpoints. At most one is active (retired_at null); retired keys stay listed
-- so old checkpoints keep verifying. private_key_sealed is the Ed25519 seed sealed with
-- CALIBRATE_SECRETS_KEY, or null when the key comes from CALIBRATE_SIGNING_KEY.
CREATE TABLE audit_signing_key (
    key_id             CHAR(8)      NOT NULL PRIMARY KEY,
    name               VARCHAR(200) NOT NULL,
    public_key         BYTEA        NOT NULL UNIQUE,
    private_key_sealed BYTEA,
    created_at         TIMESTAMPTZ  NOT NULL,
    retired_at         TIMESTAMPTZ
);
CREATE UNIQUE INDEX audit_signing_key_one_active ON audit_signing_key ((true)) WHERE retired_at IS NULL;
GRANT SELECT, INSERT, UPDATE ON audit_signing_key TO calibrate_worker;
GRANT SELECT ON audit_signing_key TO calibrate_api;

-- Signed checkpoints: the note as signed (C2SP signed-note with a tlog-checkpoint body).
CREATE TABLE audit_checkpoint (
    tenant_id UUID        NOT NULL,
    tree_size BIGINT      NOT NULL,
    root_hash BYTEA       NOT NULL,
    key_id    CHAR(8)     NOT NULL REFERENCES audit_signing_key (key_id),
    note      TEXT        NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, tree_size)
);
SELECT calibrate_enable_tenant_rls('audit_checkpoint');

-- What is sealed stays sealed: leaves, subtrees and checkpoints are append-only for every role
-- (the sealer and signer only insert), as the event store is (V1). The tree's size, the cursor and
-- the keys' retirement are the only rows that change.
REVOKE UPDATE, DELETE ON audit_leaf, audit_subtree, audit_checkpoint FROM calibrate_worker;
CREATE FUNCTION reject_sealed_mutation() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_leaf_append_only BEFORE UPDATE OR DELETE ON audit_leaf
    FOR EACH ROW EXECUTE FUNCTION reject_sealed_mutation();
CREATE TRIGGER audit_leaf_no_truncate BEFORE TRUNCATE ON audit_leaf
    FOR EACH STATEMENT EXECUTE FUNCTION reject_sealed_mutation();
CREATE TRIGGER audit_subtree_append_only BEFORE UPDATE OR DELETE ON audit_subtree
    FOR EACH ROW EXECUTE FUNCTION reject_sealed_mutation();
CREATE TRIGGER audit_subtree_no_truncate BEFORE TRUNCATE ON audit_subtree
    FOR EACH STATEMENT EXECUTE FUNCTION reject_sealed_mutation();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION reject_sealed_mutation();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION reject_sealed_mutation();
