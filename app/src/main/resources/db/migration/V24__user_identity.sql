-- A person's identity at a single sign-on provider (OIDC), linked on their first sign-in through it
-- (matched then by a verified email) and from then on the only way that provider's sign-in finds them:
-- a later change of email at the provider cannot hand the account to someone else. One identity per
-- person and provider; one person per identity. Like user_credential: no tenant column and no access
-- for the request role; UserAccounts is its one writer.
CREATE TABLE user_identity (
    user_id   UUID         NOT NULL REFERENCES user_account (user_id),
    issuer    VARCHAR(500) NOT NULL,
    subject   VARCHAR(255) NOT NULL,
    linked_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (user_id, issuer),
    UNIQUE (issuer, subject)
);
GRANT SELECT, INSERT ON user_identity TO calibrate_worker;
