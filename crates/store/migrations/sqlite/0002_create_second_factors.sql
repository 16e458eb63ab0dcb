-- Second factors: methods (TOTP now; security keys, SMS and push later), recovery codes,
-- application passwords and remembered devices. Secrets are sealed (TOTP), keyed-hashed
-- (recovery codes, app passwords) or hashed (256-bit device tokens): a dump of these tables
-- yields nothing usable.

CREATE TABLE mfa_method (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    kind               TEXT NOT NULL,
    label              TEXT NOT NULL,
    -- XChaCha20-Poly1305 under a key derived from the master key, bound to account and method.
    secret             BLOB,
    -- NULL while pending: an enrollment not yet proven with a correct code.
    confirmed_at       BIGINT,
    pending_expires_at BIGINT,
    is_default         BOOLEAN NOT NULL DEFAULT 0,
    -- The last TOTP time step accepted: each step is accepted once (RFC 6238 §5.2).
    last_step          BIGINT,
    created_at         BIGINT NOT NULL,
    last_used_at       BIGINT
);
CREATE INDEX mfa_method_account_idx ON mfa_method (account_id);

CREATE TABLE recovery_code (
    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    CONSTRAINT recovery_code_pkey PRIMARY KEY (account_id, code_hash)
);

CREATE TABLE app_password (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    CONSTRAINT app_password_hash_key UNIQUE (password_hash)
);
CREATE INDEX app_password_account_idx ON app_password (account_id);

CREATE TABLE remembered_device (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL,
    label        TEXT NOT NULL,
    ip           TEXT,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    CONSTRAINT remembered_device_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX remembered_device_account_idx ON remembered_device (account_id);

-- The kinds of the account's verified methods (`totp,webauthn`…), kept beside `mfa_enabled` so
-- that the access decision on every request reads them with the session, without a join.
ALTER TABLE account ADD COLUMN mfa_methods TEXT NOT NULL DEFAULT '';

-- When this session last passed a second factor (sensitive changes need a recent one), and the
-- remembered device it skipped the second step with, if any, remembered since when (policies
-- limit how long a device may stand in for the second step, so this outlives the device row).
ALTER TABLE session ADD COLUMN mfa_verified_at BIGINT;
ALTER TABLE session ADD COLUMN device_id TEXT;
ALTER TABLE session ADD COLUMN device_since BIGINT;
