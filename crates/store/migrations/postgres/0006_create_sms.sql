-- SMS codes (issue 7). A code waits here, keyed-hashed (HMAC under the master key, bound to
-- the challenge id), for the enrollment or the sign-in that asked for it; it is taken once
-- (DELETE … RETURNING), allows a few wrong tries, and expires within minutes.
CREATE TABLE sms_challenge (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    method_id  TEXT NOT NULL REFERENCES mfa_method (id) ON DELETE CASCADE,
    -- The sign-in that asked (only it may answer); NULL for an enrollment's code.
    session_id TEXT,
    code_hash  TEXT NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sms_challenge_method_idx ON sms_challenge (method_id);
CREATE INDEX sms_challenge_expires_idx ON sms_challenge (expires_at);

-- Every text sent, for the sending limits (per number, per account, for the whole server in an
-- hour); the number only as a keyed hash, bound to the account (one account's texts never
-- count against another's, nor tell it that a number got one). Rows older than a day are swept.
CREATE TABLE sms_send (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    number_hash TEXT NOT NULL,
    -- enroll (to a number not proven yet) or sign_in
    purpose     TEXT NOT NULL,
    sent_at     BIGINT NOT NULL
);
CREATE INDEX sms_send_at_idx ON sms_send (sent_at);
CREATE INDEX sms_send_number_idx ON sms_send (number_hash, sent_at);
CREATE INDEX sms_send_account_idx ON sms_send (account_id, sent_at);

-- A text is worth sending only while its code lives: past this, the outbox gives it up.
ALTER TABLE outbox ADD COLUMN expires_at BIGINT;
