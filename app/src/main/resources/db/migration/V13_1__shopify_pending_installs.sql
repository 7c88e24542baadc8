-- A public-app install that no tenant asked for (from the App Store, or Shopify's install URL): its
-- tokens wait here, sealed, until a tenant administrator claims the shop with the one-time claim code
-- the install page showed. Only the code's SHA-256 is stored. No tenant owns a row before the claim,
-- so the table has no tenant column and no row-level security: the request role (calibrate_api) gets
-- no grant on it at all, and only the worker role that serves the callback and the claim reads it.
CREATE TABLE shopify_pending_install (
    id                 UUID        NOT NULL PRIMARY KEY,
    -- a newer install of the same shop replaces the older one (its code stops working)
    shop               TEXT        NOT NULL UNIQUE,
    claim_code_hash    BYTEA       NOT NULL UNIQUE,
    -- sealed by the SecretBox under a key derived for this row's id: no tenant exists yet
    access_token       BYTEA       NOT NULL,
    refresh_token      BYTEA,
    access_expires_at  TIMESTAMPTZ,
    refresh_expires_at TIMESTAMPTZ,
    installed_at       TIMESTAMPTZ NOT NULL,
    claimable_until    TIMESTAMPTZ NOT NULL
);
CREATE INDEX shopify_pending_install_expiry ON shopify_pending_install (claimable_until);
GRANT SELECT, INSERT, UPDATE, DELETE ON shopify_pending_install TO calibrate_worker;
