-- Known networks (issue 21): where a remembered browser may skip the second step from. An
-- organization's `any` (the cookie alone) or `known` (only from the network the browser was
-- remembered on, or from one of the organization's trusted networks: CIDR blocks, separated by
-- spaces, validated before they are stored).
ALTER TABLE org_mfa_policy ADD COLUMN remembered_device_networks TEXT NOT NULL DEFAULT 'any';
ALTER TABLE org_mfa_policy ADD COLUMN trusted_networks TEXT NOT NULL DEFAULT '';

-- A browser's own: `known` when its holder remembered it on this network only, and the address
-- it last skipped the step from (its network is that of `ip`, the address it was remembered
-- from).
ALTER TABLE remembered_device ADD COLUMN networks TEXT NOT NULL DEFAULT 'any';
ALTER TABLE remembered_device ADD COLUMN last_ip TEXT;

-- The networks a browser was refused on: its holder is told once per network.
CREATE TABLE remembered_device_refusal (
    device_id TEXT NOT NULL REFERENCES remembered_device (id) ON DELETE CASCADE,
    network   TEXT NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (device_id, network)
);

-- Where a sign-in that skipped the step with a remembered browser came from, for the decision
-- of every later request and app refresh (an organization turning to `known` reaches them):
-- on the browser's own network or not (the address is the session's `ip`). NULL, for sessions
-- from before, counts as not.
ALTER TABLE session ADD COLUMN device_home BOOLEAN;
ALTER TABLE oidc_grant ADD COLUMN device_home BOOLEAN;
ALTER TABLE oidc_grant ADD COLUMN device_ip TEXT;
