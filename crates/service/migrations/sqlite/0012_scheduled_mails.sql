-- The last weekly summary each user was sent (service::scheduled): `week` is the local date of its
-- day (ISO, so later weeks sort later). Claimed in the transaction that queues the mail: one per week.
CREATE TABLE weekly_summaries (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    week    TEXT   NOT NULL,
    sent_at BIGINT NOT NULL
);

-- The last expiry reminder a key's owner was sent: 7 (days before), 1, or 0 (the day itself).
ALTER TABLE api_keys ADD COLUMN reminded BIGINT;
