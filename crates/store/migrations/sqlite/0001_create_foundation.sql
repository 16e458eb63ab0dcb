-- Times are milliseconds since the Unix epoch (UTC) in BIGINT columns, on both backends, so one
-- set of queries serves SQLite and PostgreSQL alike.

CREATE TABLE account (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'active',
    mfa_enabled   BOOLEAN NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT account_email_key UNIQUE (email)
);

CREATE TABLE session (
    id                  TEXT PRIMARY KEY,
    token_hash          TEXT NOT NULL,
    account_id          TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    client              TEXT NOT NULL,
    state               TEXT NOT NULL,
    aal                 TEXT NOT NULL,
    remember            BOOLEAN NOT NULL,
    ip                  TEXT,
    user_agent          TEXT,
    created_at          BIGINT NOT NULL,
    last_seen_at        BIGINT NOT NULL,
    idle_timeout_ms     BIGINT NOT NULL,
    absolute_expires_at BIGINT NOT NULL,
    CONSTRAINT session_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX session_account_idx ON session (account_id);

CREATE TABLE throttle (
    key             TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    window_start    BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);

CREATE TABLE org (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE membership (
    org_id     TEXT NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    external   BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT membership_pkey PRIMARY KEY (org_id, account_id)
);
CREATE INDEX membership_account_idx ON membership (account_id);

CREATE TABLE invitation (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL,
    external    BOOLEAN NOT NULL,
    invited_by  TEXT REFERENCES account (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    accepted_by TEXT REFERENCES account (id) ON DELETE SET NULL,
    CONSTRAINT invitation_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX invitation_org_idx ON invitation (org_id);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    delivered_at    BIGINT,
    failed_at       BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;

CREATE TABLE audit_event (
    id       TEXT PRIMARY KEY,
    org_id   TEXT REFERENCES org (id) ON DELETE CASCADE,
    actor_id TEXT,
    action   TEXT NOT NULL,
    target   TEXT,
    ip       TEXT,
    detail   TEXT,
    at       BIGINT NOT NULL
);
CREATE INDEX audit_event_org_idx ON audit_event (org_id, id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, id);
