-- Issue 13, organizations' powers over members: made visible, single and bounded.

-- The one organization that manages an account (may reset its 2FA), by the member's consent
-- when accepting an invitation that asked for it. The primary key is the rule "at most one
-- managing organization"; the reference to the membership ends management when the member
-- leaves or is removed.
CREATE TABLE account_manager (
    account_id TEXT NOT NULL,
    org_id     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT account_manager_pkey PRIMARY KEY (account_id),
    CONSTRAINT account_manager_membership_fkey FOREIGN KEY (org_id, account_id)
        REFERENCES membership (org_id, account_id) ON DELETE CASCADE
);
CREATE INDEX account_manager_org_idx ON account_manager (org_id);

-- An account whose 2FA was reset must set up a new second factor before anything else; cleared
-- when a method is verified.
ALTER TABLE account ADD COLUMN mfa_setup_due BOOLEAN NOT NULL DEFAULT 0;

-- The last security alert a manager sent the member (one per reminders window).
ALTER TABLE membership ADD COLUMN alerted_at BIGINT;

-- Invitations: whether one asks to manage the account; when a re-invitation replaced it (its
-- link stops working; the row stays, so that the sending limits still count it).
ALTER TABLE invitation ADD COLUMN manage_account BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE invitation ADD COLUMN replaced_at BIGINT;

-- One pending invitation per organization and address: older duplicates count as replaced.
UPDATE invitation SET replaced_at = created_at
WHERE accepted_at IS NULL AND EXISTS (
    SELECT 1 FROM invitation j
    WHERE j.org_id = invitation.org_id AND j.email = invitation.email AND j.accepted_at IS NULL
      AND (j.created_at > invitation.created_at
           OR (j.created_at = invitation.created_at AND j.id > invitation.id)));
CREATE UNIQUE INDEX invitation_pending_key ON invitation (org_id, email)
    WHERE accepted_at IS NULL AND replaced_at IS NULL;

-- The sending limits count recent invitations by organization, by inviter and by address.
CREATE INDEX invitation_org_created_idx ON invitation (org_id, created_at);
CREATE INDEX invitation_inviter_created_idx ON invitation (invited_by, created_at);
CREATE INDEX invitation_email_created_idx ON invitation (email, created_at);
