-- A new email address waits here until a link sent to it is used: the account keeps signing in
-- with the old one until then. Single use, short-lived, stored as the SHA-256 of its token.
CREATE TABLE email_change (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    new_email  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Set when the link was used, or retired by a newer request or a new password.
    used_at    BIGINT
);
CREATE INDEX email_change_account_idx ON email_change (account_id);
