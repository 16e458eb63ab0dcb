-- Issue 4, second part: what the compliance view, reminders and per-member deadlines need.

-- Policy: an enrollment period for members who join after enforcement, app passwords on or off,
-- turning enforcement on by itself at 100 %, when enforcement was last turned on (the start of
-- new members' periods, and what admins' per-member deadlines belong to), and the announcement
-- to members still owed by a background job (so that enforcing stays one write).
ALTER TABLE org_mfa_policy ADD COLUMN new_member_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE org_mfa_policy ADD COLUMN allow_app_passwords BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE org_mfa_policy ADD COLUMN auto_enforce BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE org_mfa_policy ADD COLUMN enforced_since BIGINT;
ALTER TABLE org_mfa_policy ADD COLUMN announce_pending BOOLEAN NOT NULL DEFAULT false;

-- Membership: the member's email (the list's order, so one index serves the first page of a
-- 100,000-member organization) and the kinds of their methods as bits (webauthn 1, push 2,
-- totp 4, sms 8: compliance with any allowed-methods list is one AND), both kept in step with
-- the account by the store; an admin's deadline for this member (extension or shortening) and
-- when it was set; the last reminder (de-duplication); and which scheduled reminders went out
-- (bits: 1 = a week before, 2 = a day before) for which deadline.
ALTER TABLE membership ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE membership ADD COLUMN mfa_kinds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE membership ADD COLUMN mfa_deadline BIGINT;
ALTER TABLE membership ADD COLUMN mfa_deadline_set_at BIGINT;
ALTER TABLE membership ADD COLUMN reminded_at BIGINT;
ALTER TABLE membership ADD COLUMN deadline_reminders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE membership ADD COLUMN deadline_reminded_for BIGINT;

UPDATE membership SET
    email = (SELECT a.email FROM account a WHERE a.id = membership.account_id),
    mfa_kinds = (SELECT (CASE WHEN a.mfa_methods LIKE '%webauthn%' THEN 1 ELSE 0 END)
                      | (CASE WHEN a.mfa_methods LIKE '%push%' THEN 2 ELSE 0 END)
                      | (CASE WHEN a.mfa_methods LIKE '%totp%' THEN 4 ELSE 0 END)
                      | (CASE WHEN a.mfa_methods LIKE '%sms%' THEN 8 ELSE 0 END)
                 FROM account a WHERE a.id = membership.account_id);

CREATE INDEX membership_org_email_idx ON membership (org_id, email, account_id, mfa_kinds);
-- Owners and managers of a large organization (the last-owner check, emails to owners).
CREATE INDEX membership_org_role_idx ON membership (org_id, role);

-- Head counts per organization and combination of methods (at most 16 rows an organization),
-- kept by the store with every membership and method change, so that the counts and "is
-- everyone enrolled?" read a few rows instead of counting 100,000 on every request.
CREATE TABLE org_mfa_tally (
    org_id    TEXT NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    mfa_kinds BIGINT NOT NULL,
    members   BIGINT NOT NULL,
    CONSTRAINT org_mfa_tally_pkey PRIMARY KEY (org_id, mfa_kinds)
);
INSERT INTO org_mfa_tally (org_id, mfa_kinds, members)
SELECT org_id, mfa_kinds, COUNT(*) FROM membership GROUP BY org_id, mfa_kinds;
