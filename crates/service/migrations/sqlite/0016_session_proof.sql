-- When the session last proved its owner: at log-in, and again when a sensitive change asked for
-- the password (or a code). Changes to the email address and API keys need a proof within
-- VESTIBULE_REAUTH_MINUTES. Sessions from before count as proven at their start.
ALTER TABLE sessions ADD COLUMN proven_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET proven_at = created_at;
