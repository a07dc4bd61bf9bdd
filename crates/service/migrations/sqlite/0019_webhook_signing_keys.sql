-- Webhooks that also sign with Ed25519 (Standard Webhooks `v1a`): the private key, PKCS#8, sealed
-- with the server key, and the public key receivers verify with (`whpk_…`, public by nature). Both
-- NULL for endpoints signed with their shared secret alone.
ALTER TABLE webhooks ADD COLUMN signing_key TEXT;
ALTER TABLE webhooks ADD COLUMN public_key TEXT;
