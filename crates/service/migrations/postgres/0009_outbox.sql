-- The durable outbox (service::outbox): work committed with the change that caused it, done later
-- by a worker. A row is deleted once done; one whose attempts ran out keeps `failed_at`.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    -- Sealed with the server key (service::sealed): a mail may hold a single-use link.
    payload TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    run_at BIGINT NOT NULL,
    -- Set while a worker holds the job; once past, another worker may take it (a crashed one's).
    lease_until BIGINT,
    claim TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    failed_at BIGINT
);
CREATE INDEX outbox_due ON outbox (run_at) WHERE failed_at IS NULL;
