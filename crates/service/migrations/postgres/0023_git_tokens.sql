-- Git providers' personal access tokens (#14), kept for the host platform. The token is sealed
-- with the server key (`sealed`, purpose "git-token"); lists show only `last4`.
CREATE TABLE git_tokens (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       TEXT    NOT NULL UNIQUE,          -- gt_…
    user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider        TEXT    NOT NULL,                 -- github, gitlab, bitbucket, gitea, custom
    url             TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    token           TEXT    NOT NULL,                 -- sealed
    last4           TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT,
    reminded        BIGINT,                           -- the last expiry reminder: 7, 1 or 0 days before
    last_fetched_at BIGINT
);
CREATE UNIQUE INDEX git_tokens_name ON git_tokens (user_id, name);
