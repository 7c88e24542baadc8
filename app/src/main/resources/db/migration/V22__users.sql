-- A tenant's people (issue 15). Like api_credential, these are not read models: UserAccounts writes
-- them in the same transaction as the event that decides each change (UserInvited, UserDisabled, ...),
-- so a disabled person's session ends on their next click and changed roles apply at once.

-- Who the person is and what they may do: read by the tenant's admins through row-level security.
-- An email is one person on the whole platform (email_key, case- and width-folded, is unique): sign-in
-- asks only for email and password, so it must lead to one tenant.
CREATE TABLE user_account (
    user_id      UUID         NOT NULL PRIMARY KEY,
    tenant_id    UUID         NOT NULL,
    email        VARCHAR(200) NOT NULL,
    email_key    VARCHAR(200) NOT NULL UNIQUE,
    name         VARCHAR(200) NOT NULL,
    roles        TEXT[]       NOT NULL,
    disabled     BOOLEAN      NOT NULL DEFAULT false,
    invited_at   TIMESTAMPTZ  NOT NULL,
    activated_at TIMESTAMPTZ
);
CREATE INDEX user_account_tenant ON user_account (tenant_id, email_key);
SELECT calibrate_enable_tenant_rls('user_account');

-- The person's secrets and sign-in state: hashes only (the password with Spring Security's delegating
-- encoder, the invitation link's secret with SHA-256). No tenant column and no access for the request
-- role at all, like api_credential. session_generation grows on every re-invitation and disable, so a
-- session signed in before either ends.
CREATE TABLE user_credential (
    user_id               UUID        NOT NULL PRIMARY KEY REFERENCES user_account (user_id),
    password_hash         VARCHAR(500),
    invitation_hash       BYTEA,
    invitation_expires_at TIMESTAMPTZ,
    failed_sign_ins       INTEGER     NOT NULL DEFAULT 0,
    locked_until          TIMESTAMPTZ,
    session_generation    INTEGER     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX user_credential_invitation ON user_credential (invitation_hash);
GRANT SELECT, INSERT, UPDATE ON user_credential TO calibrate_worker;
