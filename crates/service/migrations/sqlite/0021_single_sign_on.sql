-- Single sign-on with one OpenID Connect provider (issue #13). An account the provider made has no
-- password of its own (sso_only): sign-in and two-factor authentication are the provider's.
ALTER TABLE users ADD COLUMN sso_only BIGINT NOT NULL DEFAULT 0;

-- Who the provider says an account is: its issuer and subject, once.
CREATE TABLE sso_identities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issuer      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    UNIQUE (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);

-- Sign-ins under way at the provider: the state (its SHA-256; the browser holds it in a cookie),
-- the nonce the ID token must carry, the PKCE verifier (sealed), where to go afterwards. Single use.
CREATE TABLE sso_logins (
    state_hash  TEXT    PRIMARY KEY,
    nonce       TEXT    NOT NULL,
    verifier    TEXT    NOT NULL,
    next        TEXT,
    created_at  BIGINT  NOT NULL
);

-- A provider identity whose address an account has: linked once the account's password is given.
CREATE TABLE sso_links (
    ticket_hash TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issuer      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    next        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
