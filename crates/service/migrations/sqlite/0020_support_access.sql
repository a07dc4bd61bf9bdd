-- Support access (issue #13). The operator makes support staff (`vestibule user grant-support`);
-- an owner grants them access to the account for a while; a staff member's session then acts on
-- that account (acting_grant) until it ends, the owner revokes the grant, or the grant runs out.
ALTER TABLE users ADD COLUMN is_support BIGINT NOT NULL DEFAULT 0;

CREATE TABLE support_grants (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    revoked_at  BIGINT                                -- NULL unless the owner ended it early
);
CREATE INDEX support_grants_user ON support_grants (user_id);

-- Whether the session's sign-in passed a second factor (a code, a recovery code, a passkey):
-- staff act on accounts only from such a session.
ALTER TABLE sessions ADD COLUMN second_factor BIGINT NOT NULL DEFAULT 0;
-- While a staff member acts on an account: the grant, and the reason they gave.
ALTER TABLE sessions ADD COLUMN acting_grant BIGINT REFERENCES support_grants (id) ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN acting_reason TEXT;
