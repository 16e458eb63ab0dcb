-- WebAuthn (issue 6): a ceremony's state lives here between its two requests, so that any node
-- can finish what another started; it is taken once (DELETE … RETURNING) and expires within
-- minutes. The state is webauthn-rs's serialized registration or authentication state: the
-- challenge and the credentials it allows, nothing secret.
CREATE TABLE webauthn_ceremony (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    -- The sign-in that asked, for an authentication: only it may answer.
    session_id TEXT,
    purpose    TEXT NOT NULL,
    label      TEXT NOT NULL,
    state      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX webauthn_ceremony_expires_idx ON webauthn_ceremony (expires_at);
