-- Avatars as re-encoded 256×256 PNGs (metadata stripped), served at /avatars/<public_key>.png.
-- The key is random and changes with every upload, so the URL can be cached for a year.
CREATE TABLE avatars (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    public_key TEXT   NOT NULL UNIQUE,
    png        BLOB   NOT NULL,
    updated_at BIGINT NOT NULL
);
