-- A requested change of email address, waiting for the link sent to the new address.
-- One per user at most: a new request replaces the old one. Only the token's SHA-256 is kept.
CREATE TABLE email_changes (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    new_email  TEXT   NOT NULL,
    token_hash TEXT   NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL
);
