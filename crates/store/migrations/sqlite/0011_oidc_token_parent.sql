-- A refresh token is exchanged once. The refresh token an exchange issues names the one it
-- replaces (`parent_hash`), and the unique index lets only one exchange do so: single use is
-- decided by the same statement that stores the new tokens, with no update and no transaction
-- around it (`used_at` took both, and on SQLite every writer waits while a transaction is open).
ALTER TABLE oidc_token ADD COLUMN parent_hash TEXT;
CREATE UNIQUE INDEX oidc_token_parent_idx ON oidc_token (parent_hash);
-- Tokens exchanged before this change have no child to say so: they go, so presenting one
-- again is refused (as unknown) instead of exchanged a second time.
DELETE FROM oidc_token WHERE used_at IS NOT NULL;
ALTER TABLE oidc_token DROP COLUMN used_at;
