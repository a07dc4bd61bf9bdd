-- When each account was last sent a mail with a single-use link (address verification or change):
-- at most one a VESTIBULE_LINK_MAIL_INTERVAL_SECONDS. A row of its own, so that cancelling a change
-- does not reset the clock.
CREATE TABLE link_mails (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    last_at BIGINT NOT NULL
);
