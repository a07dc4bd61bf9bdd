-- Sign-ups per client address, for the VESTIBULE_SIGN_UPS_PER_HOUR rule (each costs an argon2 hash).
-- Rows older than an hour are deleted by the next sign-up, so the table stays small.
CREATE TABLE sign_up_attempts (
    id  INTEGER PRIMARY KEY AUTOINCREMENT,
    ip  TEXT   NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX sign_up_attempts_ip_at ON sign_up_attempts (ip, at);
