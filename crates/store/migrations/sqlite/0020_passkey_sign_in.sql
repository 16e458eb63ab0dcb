-- Passkey sign-in (issue 19). Its challenge is handed out sealed (the challenge id carries the
-- ceremony's state, encrypted and authenticated under the master key), so asking for one writes
-- nothing and costs a caller who is not signed in no storage. Each challenge is answered once:
-- the first answer records it here until it expires, and a second answer finds it taken.
CREATE TABLE passkey_challenge_used (
    challenge  TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX passkey_challenge_used_expires_idx ON passkey_challenge_used (expires_at);

-- When the account was offered, once, to add a passkey after signing in with a code.
ALTER TABLE account ADD COLUMN passkey_offered_at BIGINT;
