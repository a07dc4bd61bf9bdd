-- Which mails each user wants (service::notifications). No row: the defaults, with build mails as
-- the operator says (VESTIBULE_BUILD_MAIL_DEFAULT). Booleans are 0 or 1 (sqlx's Any driver).
CREATE TABLE notification_settings (
    user_id        BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    build_success  BIGINT NOT NULL,
    build_failure  BIGINT NOT NULL,
    committer_only BIGINT NOT NULL,
    include_manual BIGINT NOT NULL,
    only_changes   BIGINT NOT NULL,
    weekly_summary BIGINT NOT NULL,
    key_expiry     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- Where notifications go when not to the account's address: `email` once a link mailed to it was
-- followed; `pending_email` while one waits (only the link token's SHA-256 is kept).
CREATE TABLE notification_addresses (
    user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email         TEXT,
    pending_email TEXT,
    token_hash    TEXT UNIQUE,
    expires_at    BIGINT
);

-- Pipelines the platform reported on. An event takes its pipeline's row first: on PostgreSQL the row
-- lock makes a concurrent event of the same pipeline wait, so each sees the other's result.
CREATE TABLE pipelines (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- The host platform's build events (POST /api/v1/events), kept 35 days: the id makes a repeated
-- post a no-op; the weekly summary and "only when the result changes" read them.
CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    kind          TEXT   NOT NULL,
    pipeline_id   TEXT   NOT NULL,
    pipeline_name TEXT   NOT NULL,
    build_id      TEXT   NOT NULL,
    occurred_at   BIGINT NOT NULL,
    received_at   BIGINT NOT NULL
);
CREATE INDEX events_pipeline ON events (pipeline_id, occurred_at);
CREATE INDEX events_occurred ON events (occurred_at);

-- Who each event was about (known users among its recipients), for the weekly summary.
CREATE TABLE event_recipients (
    event_id TEXT   NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_recipients_user ON event_recipients (user_id);
