-- Display preferences, one row per user; no row means the defaults (see domain::Preferences).
-- Values are the REST API's names ('us', '12h', 'Europe/Berlin', ...), checked by domain before writing.
CREATE TABLE preferences (
    user_id     BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    date_format TEXT   NOT NULL,
    time_format TEXT   NOT NULL,
    time_zone   TEXT   NOT NULL,
    week_start  TEXT   NOT NULL,
    theme       TEXT   NOT NULL,
    language    TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL
);
