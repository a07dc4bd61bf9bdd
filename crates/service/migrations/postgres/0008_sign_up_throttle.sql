-- Sign-ups per client address, for the VESTIBULE_SIGN_UPS_PER_HOUR rule (each costs an argon2 hash).
-- Rows older than an hour are deleted by the next sign-up and by the sweep, so the table stays small.
CREATE TABLE sign_up_attempts (
    id  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ip  TEXT   NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX sign_up_attempts_ip_at ON sign_up_attempts (ip, at);

-- One row per address that signed up lately, written first in the counting transaction: its row lock
-- (PostgreSQL) or the write lock (SQLite) makes two sign-ups from one address count one after the
-- other, so parallel requests cannot all see a count under the limit.
CREATE TABLE sign_up_addresses (
    ip      TEXT   PRIMARY KEY,
    last_at BIGINT NOT NULL
);
