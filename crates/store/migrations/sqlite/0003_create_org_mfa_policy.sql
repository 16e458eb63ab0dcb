-- An organization's two-factor policy; an organization without a row has the default policy
-- (not enforced, apps and sync tools exempt, every method allowed, remembered devices 30 days).
-- Enforcing is one write here, whatever the organization's size: members are checked against
-- it at their next request, not updated one by one.
CREATE TABLE org_mfa_policy (
    org_id                   TEXT PRIMARY KEY REFERENCES org (id) ON DELETE CASCADE,
    enforced                 BOOLEAN NOT NULL DEFAULT 0,
    enforce_from             BIGINT,
    require_all_enrolled     BOOLEAN NOT NULL DEFAULT 0,
    exempt_clients           TEXT NOT NULL,
    allowed_methods          TEXT NOT NULL,
    allow_remembered_devices BOOLEAN NOT NULL,
    remembered_device_days   BIGINT NOT NULL,
    updated_at               BIGINT NOT NULL,
    updated_by               TEXT
);
