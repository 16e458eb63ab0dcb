-- Sign-up proves the address: an account waits, unverified, until the link emailed to it is
-- used (its token's SHA-256 is kept here until then), and is deleted a week after sign-up if it
-- never is, or at once when someone signs up again with the address.
ALTER TABLE account ADD COLUMN email_verified_at BIGINT;
ALTER TABLE account ADD COLUMN email_verify_hash TEXT;
-- Accounts made before sign-up asked for proof keep working as they did.
UPDATE account SET email_verified_at = created_at;
CREATE UNIQUE INDEX account_email_verify_key ON account (email_verify_hash);
CREATE INDEX account_unverified_idx ON account (created_at) WHERE email_verified_at IS NULL;
