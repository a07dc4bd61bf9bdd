-- Passkeys and security keys (WebAuthn). What is stored is public: the credential's id and public
-- key with its signature counter (webauthn-rs' `Passkey`, as JSON); the private key never leaves
-- the authenticator.
CREATE TABLE passkeys (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The account's WebAuthn user handle (a random UUID, the same on all its passkeys): what a
    -- passkey names when it signs in without a username.
    user_handle   TEXT    NOT NULL,
    credential_id TEXT    NOT NULL UNIQUE,   -- base64url
    name          TEXT    NOT NULL,
    passkey       TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A ceremony between its two requests (the challenge the browser must sign): single use, taken by
-- the request that finishes it, for at most 5 minutes. `user_id` is NULL for a sign-in that does not
-- yet know who signs in.
CREATE TABLE passkey_ceremonies (
    id         TEXT    PRIMARY KEY,
    user_id    BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL,              -- register, second_step, sign_in
    -- The network it was begun from: a sign-in needs no account to begin, so its ceremonies are
    -- limited per network.
    ip         TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    expires_at BIGINT  NOT NULL
);
CREATE INDEX passkey_ceremonies_expiry ON passkey_ceremonies (expires_at);
CREATE INDEX passkey_ceremonies_ip ON passkey_ceremonies (ip, expires_at);
