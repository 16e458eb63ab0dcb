-- Issue 15, apps that sign people in through twofold (OpenID Connect clients), registered by an
-- organization (or, with no organization, instance-wide by the operator).

CREATE TABLE oidc_client (
    id                        TEXT PRIMARY KEY,
    org_id                    TEXT REFERENCES org (id) ON DELETE CASCADE,
    name                      TEXT NOT NULL,
    client_type               TEXT NOT NULL,
    app_kind                  TEXT NOT NULL,
    -- SHA-256 of a confidential client's 256-bit secret; NULL for a public client.
    secret_hash               TEXT,
    -- One URI per line, as registered (a registered URI holds no whitespace).
    redirect_uris             TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL,
    created_by                TEXT REFERENCES account (id) ON DELETE SET NULL,
    created_at                BIGINT NOT NULL
);
CREATE INDEX oidc_client_org_idx ON oidc_client (org_id, created_at);
