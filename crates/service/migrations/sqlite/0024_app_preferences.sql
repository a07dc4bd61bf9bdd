-- The host product's own preferences (#14), as declared in the operator's file: each user's chosen
-- values as a JSON object (key → value). Undeclared or no longer valid values read as the default.
CREATE TABLE app_preference_values (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    app_values TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);
