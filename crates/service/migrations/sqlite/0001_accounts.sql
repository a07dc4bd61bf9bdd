-- Accounts, sessions and login throttling. Times are Unix milliseconds (BIGINT), as in PostgreSQL.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    email         TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    full_name     TEXT    NOT NULL DEFAULT '',
    is_admin      BIGINT  NOT NULL DEFAULT 0, -- 0 or 1: sqlx's Any driver cannot decode SQLite booleans
    created_at    BIGINT  NOT NULL
);
-- Email addresses are unique whatever their case ("Bob@x.com" and "bob@x.com" are one person).
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

-- A session token is never stored: only its SHA-256, so a copy of the database logs nobody in.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash   TEXT    NOT NULL UNIQUE,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    ip           TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Consecutive failed log-ins per account (key "user:<id>") or per unknown name ("name:<name>"),
-- so that unknown names are throttled exactly like real accounts and reveal nothing.
CREATE TABLE login_throttle (
    login_key     TEXT   PRIMARY KEY,
    failures      BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);

-- Failed log-ins per client address, for the 20-in-15-minutes rule.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    ip  TEXT   NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_failures_ip_at ON login_failures (ip, at);
