-- Forgotten passwords: a link emailed to the account's address, single use, short-lived, stored
-- as the SHA-256 of its token.
CREATE TABLE password_reset (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Set when the link was used, or when another link of the account was (or the password
    -- changed): a link works once and only while it is the account's newest way in.
    used_at    BIGINT
);
CREATE INDEX password_reset_account_idx ON password_reset (account_id);
