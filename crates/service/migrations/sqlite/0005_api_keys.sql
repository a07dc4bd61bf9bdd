-- Personal API keys. Only a digest of the key is stored (HMAC-SHA256 with the server's pepper, or
-- SHA-256): the secret has 256 random bits, so a copy of the database authenticates nobody.
CREATE TABLE api_keys (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id       TEXT    NOT NULL UNIQUE,  -- the part after "vst_", shown and logged freely
    user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    digest          TEXT    NOT NULL,
    hint            TEXT    NOT NULL,         -- the first characters of the secret, to tell keys apart
    scopes          TEXT    NOT NULL,         -- space-separated scope names
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,         -- never moved later: rotate instead
    -- When the key stops (stopped) working before its expiry: now when deleted, the end of the
    -- grace period when rotated out. Revoked rows stay so a late request hears "revoked", not "unknown".
    revoked_at      BIGINT,
    replaced_by     BIGINT  REFERENCES api_keys (id),
    last_used_at    BIGINT,                   -- written at most once a minute per key
    last_used_ip    TEXT,
    last_used_agent TEXT
);
-- Names are unique among a user's live keys; a rotated-out key hands its name to its successor.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (user_id, name) WHERE revoked_at IS NULL;
CREATE INDEX api_keys_user ON api_keys (user_id);

-- What happened to an account, appended and never changed (the triggers refuse updates and deletes).
CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    BIGINT  NOT NULL,  -- no foreign key: the log outlives what it describes
    action     TEXT    NOT NULL,  -- e.g. api_key.created
    target     TEXT    NOT NULL DEFAULT '',
    detail     TEXT    NOT NULL DEFAULT '',
    ip         TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT '',
    created_at BIGINT  NOT NULL
);
CREATE INDEX audit_events_user ON audit_events (user_id, created_at);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
