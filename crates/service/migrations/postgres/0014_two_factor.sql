-- Two-factor sign-in. An authenticator app (RFC 6238) per account: its secret sealed with the
-- server key (XChaCha20-Poly1305, purpose "totp"), never stored in plain text.
CREATE TABLE totp (
    user_id      BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    confirmed_at BIGINT,                      -- NULL while being set up: not asked for at log-in
    -- The last 30-second step whose code was accepted: a code is accepted at most once, and only
    -- an update that moves this forward accepts it (of two submits of one code, one wins).
    last_step    BIGINT  NOT NULL DEFAULT 0,
    -- Wrong codes within one step (at most 3 per step are tried).
    failed_step  BIGINT  NOT NULL DEFAULT 0,
    failed_count BIGINT  NOT NULL DEFAULT 0
);

-- Single-use recovery codes: only their SHA-256 (with the account id; 80 random bits each).
CREATE TABLE recovery_codes (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    used_at   BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
