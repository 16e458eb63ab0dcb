-- Issue 15, twofold as an OpenID Connect provider: its signing keys, what each app was granted
-- (a grant is one authorization: its code, access and refresh tokens form one family, revoked
-- together), and which factor a session passed (for the ID token's amr).

ALTER TABLE session ADD COLUMN mfa_method TEXT;

-- ES256 (default) or RS256, as the client asked at registration.
ALTER TABLE oidc_client ADD COLUMN id_token_alg TEXT NOT NULL DEFAULT 'ES256';
-- Where OpenID Connect Back-Channel Logout tokens go; none when the app takes none.
ALTER TABLE oidc_client ADD COLUMN backchannel_logout_uri TEXT;

CREATE TABLE signing_key (
    id             TEXT PRIMARY KEY,
    alg            TEXT NOT NULL,
    -- PKCS#8 DER of the private key, sealed under the master key with the id as its owner.
    sealed_private BLOB NOT NULL,
    public_jwk     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    -- Set by a rotation: no longer signs, still published until its tokens have expired.
    retired_at     BIGINT
);

CREATE TABLE oidc_grant (
    id              TEXT PRIMARY KEY,
    client_id       TEXT NOT NULL REFERENCES oidc_client (id) ON DELETE CASCADE,
    account_id      TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    -- The browser session that authorized it (no foreign key: an offline grant outlives it).
    session_id      TEXT NOT NULL,
    scopes          TEXT NOT NULL,
    nonce           TEXT,
    auth_time       BIGINT NOT NULL,
    amr             TEXT NOT NULL,
    acr             TEXT NOT NULL,
    -- How the session had passed the second step when it authorized (for the access decision
    -- at each refresh): when a factor was passed, or since when its remembered device was.
    mfa_verified_at BIGINT,
    device_since    BIGINT,
    created_at      BIGINT NOT NULL,
    revoked_at      BIGINT
);
CREATE INDEX oidc_grant_account_idx ON oidc_grant (account_id);
CREATE INDEX oidc_grant_session_idx ON oidc_grant (session_id);
CREATE INDEX oidc_grant_client_idx ON oidc_grant (client_id);

CREATE TABLE oidc_code (
    hash           TEXT PRIMARY KEY,
    grant_id       TEXT NOT NULL REFERENCES oidc_grant (id) ON DELETE CASCADE,
    redirect_uri   TEXT NOT NULL,
    code_challenge TEXT,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
CREATE INDEX oidc_code_grant_idx ON oidc_code (grant_id);

-- Access and refresh tokens, by the SHA-256 of the token.
CREATE TABLE oidc_token (
    hash       TEXT PRIMARY KEY,
    grant_id   TEXT NOT NULL REFERENCES oidc_grant (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- A refresh token is used once: set when it was exchanged (a second use revokes the grant).
    used_at    BIGINT
);
CREATE INDEX oidc_token_grant_idx ON oidc_token (grant_id);
