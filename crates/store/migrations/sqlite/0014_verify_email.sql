-- Sign-up proves the address: an account waits, unverified, until the link emailed to it is
-- used (its token's SHA-256 is kept here until then), and is deleted a week after sign-up if it
-- never is, or at once when someone signs up again with the address.
--   email_verified_at: the account may sign in (proved, or admitted by an operator or before
--     sign-up asked for proof);
--   email_proved_at: a link sent to the address was used (sign-up, invitation, reset, change):
--     only then is the address trusted on its own (invitations accepted by id, apps told
--     `email_verified: true`).
ALTER TABLE account ADD COLUMN email_verified_at BIGINT;
ALTER TABLE account ADD COLUMN email_proved_at BIGINT;
ALTER TABLE account ADD COLUMN email_verify_hash TEXT;
-- Accounts made before sign-up asked for proof keep signing in; their address is not proved.
UPDATE account SET email_verified_at = created_at;
CREATE UNIQUE INDEX account_email_verify_key ON account (email_verify_hash);
CREATE INDEX account_unverified_idx ON account (created_at) WHERE email_verified_at IS NULL;
-- The newcomer's link of an invitation: a second secret that only the invitation email
-- carries (the inviter is shown the invitation's token, so that one proves no address).
ALTER TABLE invitation ADD COLUMN join_hash TEXT;
CREATE UNIQUE INDEX invitation_join_key ON invitation (join_hash);
