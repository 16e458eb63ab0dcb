-- Push approval (issue 7). A device is an `mfa_method` of kind `push` (its TOTP secret, for
-- offline codes, sealed there like an app's); this table holds what only a device has: the
-- one-time enrollment code it is added with (hashed, until used), its access token (hashed)
-- and its Ed25519 public key, which every answer it gives is checked against.
CREATE TABLE push_device (
    method_id         TEXT PRIMARY KEY REFERENCES mfa_method (id) ON DELETE CASCADE,
    account_id        TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    enroll_hash       TEXT,
    enroll_expires_at BIGINT,
    token_hash        TEXT,
    public_key        TEXT,
    created_at        BIGINT NOT NULL,
    last_seen_at      BIGINT,
    CONSTRAINT push_device_enroll_hash_key UNIQUE (enroll_hash),
    CONSTRAINT push_device_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX push_device_account_idx ON push_device (account_id);

-- A sign-in waiting for approval, with the number it shows and the three the approver picks
-- from. Answered once (a conditional UPDATE on `status`), used once by the sign-in, expiring
-- within minutes; rows stay a day for the hourly push count and "this wasn't me" reports.
CREATE TABLE push_challenge (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    session_id  TEXT NOT NULL,
    number      BIGINT NOT NULL,
    choices     TEXT NOT NULL,
    ip          TEXT,
    user_agent  TEXT,
    -- The approximate place a trusted proxy told, if any.
    place       TEXT,
    -- pending, approved, denied, reported, used or replaced
    status      TEXT NOT NULL,
    -- The device (method id) or the session (`session:ID`) that answered.
    answered_by TEXT,
    -- When an approving session last passed a second factor itself: the sign-in it approves
    -- counts as that recent, never more (an old session cannot mint a fresh factor).
    approver_verified_at BIGINT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX push_challenge_account_idx ON push_challenge (account_id, created_at);
CREATE INDEX push_challenge_session_idx ON push_challenge (session_id);
