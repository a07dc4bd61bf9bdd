-- When a mailed link proved the account's address (NULL: not yet). Mail other than that link goes
-- only to verified addresses. Accounts made by the operator get the time of creation, and a
-- confirmed email change proves the new address. Accounts from before this migration stay NULL:
-- nothing ever proved their address; their profile offers them a link.
ALTER TABLE users ADD COLUMN email_verified_at BIGINT;

-- The link that proves a new account's address, like email_changes: one per user (a resend
-- replaces it), 24 hours, single use, only the token's SHA-256 kept. `email` is the address it
-- was mailed to: once the account has another address, the link proves nothing.
CREATE TABLE email_verifications (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT   NOT NULL,
    token_hash TEXT   NOT NULL UNIQUE,
    expires_at BIGINT NOT NULL
);
