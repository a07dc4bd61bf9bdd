-- Outgoing webhooks (issue #12). An endpoint's signing secrets are sealed with the server key
-- (`sealed`): the database alone cannot forge a delivery.
CREATE TABLE webhooks (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,          -- wh_…
    user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    events          TEXT    NOT NULL,                 -- event types, space-separated
    disabled        TEXT,                             -- NULL while on; owner, gone or failing
    secret          TEXT    NOT NULL,                 -- sealed whsec_…
    previous_secret TEXT,                             -- sealed; signs too until previous_until
    previous_until  BIGINT,
    warned_at       BIGINT,                           -- the "about to be turned off" mail of this streak
    created_at      BIGINT  NOT NULL
);
CREATE INDEX webhooks_user ON webhooks (user_id);

-- One event for one endpoint: the exact body sent, and the `webhook-id` every attempt carries.
CREATE TABLE webhook_messages (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id  BIGINT  NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    message_id  TEXT    NOT NULL,                     -- msg_…
    event_type  TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    state       TEXT    NOT NULL,                     -- pending, succeeded, failed
    attempts    INTEGER NOT NULL,                     -- made (or begun) in all
    round_start INTEGER NOT NULL DEFAULT 0,           -- attempts before the last redelivery: the schedule starts again
    next_at     BIGINT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX webhook_messages_log ON webhook_messages (webhook_id, created_at);

CREATE TABLE webhook_attempts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message     BIGINT  NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    at          BIGINT  NOT NULL,
    status      INTEGER,
    latency_ms  BIGINT  NOT NULL,
    response    TEXT    NOT NULL,
    error       TEXT
);
CREATE INDEX webhook_attempts_message ON webhook_attempts (message);
