-- Known networks (issue 21): where a remembered browser may skip the second step from. An
-- organization's `any` (the cookie alone) or `known` (only from the network the browser was
-- remembered on, or from one of the organization's trusted networks: CIDR blocks, separated by
-- spaces, validated before they are stored).
ALTER TABLE org_mfa_policy ADD COLUMN remembered_device_networks TEXT NOT NULL DEFAULT 'any';
ALTER TABLE org_mfa_policy ADD COLUMN trusted_networks TEXT NOT NULL DEFAULT '';

-- A browser's own: `known` when its holder remembered it on this network only; the address it
-- last skipped the step from (its network is that of `ip`, the address it was remembered
-- from); and the last network it was refused on, so that its holder is told once per network.
ALTER TABLE remembered_device ADD COLUMN networks TEXT NOT NULL DEFAULT 'any';
ALTER TABLE remembered_device ADD COLUMN last_ip TEXT;
ALTER TABLE remembered_device ADD COLUMN refused_network TEXT;
