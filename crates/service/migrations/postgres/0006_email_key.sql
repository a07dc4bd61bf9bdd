-- One rule decides whether two email addresses are the same: `EmailAddress::comparison_key` in
-- domain (NFKC and Unicode case folding of the whole address). Its result is stored here and
-- is unique; the old index on lower(email) goes, because SQL's lower() folds only ASCII on SQLite
-- but all of Unicode on PostgreSQL, so the two engines disagreed about "Ärger@x" and "ärger@x".
--
-- Surprising: SQL cannot compute NFKC, so this migration only adds the column. Existing rows keep
-- a NULL key until start-up fills them in Rust (`accounts::fill_email_keys`, run right after the
-- migrations, before anything is served). NULLs do not collide in a unique index, so the index can
-- exist before they are filled; every insert and update of an address writes the key with it.
ALTER TABLE users ADD COLUMN email_key TEXT;
CREATE UNIQUE INDEX users_email_key_unique ON users (email_key);
DROP INDEX users_email_unique;
