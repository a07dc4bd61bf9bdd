-- API-key hygiene (#14). `allowed_ips`: the key's IP allowlist, comma-separated canonical ranges
-- (domain::api_keys::IpAllowlist); NULL or empty: any address. `idle_warned_at`: when the owner was
-- told that the idle key will be revoked (VESTIBULE_REVOKE_IDLE_KEYS_DAYS); a use after it starts
-- the count again.
ALTER TABLE api_keys ADD COLUMN allowed_ips TEXT;
ALTER TABLE api_keys ADD COLUMN idle_warned_at BIGINT;
