-- Passkeys (issue 19). A WebAuthn credential registered as discoverable with user verification
-- required is a passkey: it may sign in alone. The authenticator's backup flags, as it last
-- reported them: eligible (a synced passkey) and backed up (its copy is stored elsewhere).
ALTER TABLE mfa_method ADD COLUMN passkey BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE mfa_method ADD COLUMN backup_eligible BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE mfa_method ADD COLUMN backed_up BOOLEAN NOT NULL DEFAULT 0;
