# Home, and the pages of an organization: overview, members, policy, invitations, audit log, apps.

## Home

home-title = Home
home-welcome = Welcome, { $name }
home-next-heading = What to do next
home-all-in-order = All is in order: nothing waits for you.
home-orgs-heading = Your organizations
home-no-orgs = You are not a member of any organization yet.
# A link after "You are not a member of any organization yet."; also a button on home.
home-see-invitations = See your invitations
home-col-org = Organization
home-col-role = Your role
home-col-requires = Requires two-factor authentication
# The column of the person's own standing in each organization.
home-col-you = You
home-yes = Yes
home-from = From { $date }
home-no = No
home-create-heading = Create an organization
home-org-name-label = Name of the organization
home-create-submit = Create the organization
home-security-link = Your security settings
# $org is an organization's name, $date a day.
home-step-set-up-by = { $org } requires two-factor authentication: set it up by { $date }.
home-step-set-up-now = { $org } requires two-factor authentication, and stops you until you set it up.
home-step-set-up = Your account is protected by its password alone. A second factor keeps it yours even when the password leaks.
home-action-set-up = Set up two-factor authentication
home-step-approve = { $count } sign-in(s) elsewhere wait for your approval.
home-action-approve = See the sign-ins waiting
home-step-recovery-codes = Only { $count } recovery code(s) left.
home-action-recovery-codes = Make new recovery codes
home-step-invitations = { $count } invitation(s) wait for you.
# The person's standing in an organization (the "You" column).
home-standing-due = Missing: due { $date }
home-standing-stopped = Missing: you are stopped
home-standing-set-up = Set up
home-standing-not-required = Not required

## An organization's overview

# A role or an email address of an external member (a guest from outside the organization).
org-external = { $name } (external)
org-your-role = Your role: { $role }.
org-2fa-label = Two-factor authentication:
org-2fa-required = required
org-2fa-required-from = required from { $date }
org-2fa-not-required = not required yet
org-enrolled = { $enrolled } of { $members } members have two-factor authentication ({ $percentage } %).
org-link-members = Members
org-link-members-without = Members without 2FA
org-link-policy = Two-factor policy
org-link-invite = Invite
org-link-audit = Audit log
org-link-apps = Apps
org-stopped-nobody = Every member has an allowed second factor: nobody is stopped.
org-stopped-from = { $count } member(s) without an allowed second factor will be stopped from { $date }.
org-stopped-now = { $count } member(s) without an allowed second factor are stopped now.
org-would-stop = Requiring two-factor authentication would stop { $count } member(s) at its deadline.

## The adoption chart of the overview and its table

chart-heading = Adoption over time
chart-empty = The first day's figures are recorded within a minute; the chart grows day by day.
chart-caption = Share of members with two-factor authentication (any method), day by day, the last 30 days: the table below has the figures.
chart-table-caption = Members with two-factor authentication by day
chart-col-day = Day
chart-col-members = Members
chart-col-with = With 2FA
chart-col-share = Share
# A percentage: "50 %".
chart-percent = { $value } %

## Members

members-title = Members of { $org }
members-search-label = Search members
# Label of the filter: everyone, without 2FA, with 2FA.
members-show-label = Show
members-show-everyone = Everyone
members-show-without = Without 2FA
members-show-with = With 2FA
members-filter = Filter
members-remind-all = Remind everyone without 2FA
members-table-caption = Members and their two-factor authentication
members-col-member = Member
members-col-role = Role
members-col-2fa = Two-factor authentication
members-col-actions = Actions
# Badges: the member has two-factor authentication, or not.
members-badge-on = On
members-badge-missing = Missing
members-deadline = deadline { $date }
members-deadline-passed = deadline passed
members-remind-one = Send 2FA reminder
# Read by screen readers after "Send 2FA reminder".
members-remind-to = to { $email }
members-actions-link = Actions
# Read by screen readers after "Actions".
members-actions-for = for { $email }
members-next-page = Next page
members-csv = Download as CSV
members-flash-alerted = Security alert sent.
members-flash-role-changed = The role was changed.
members-flash-removed = The member was removed.
# The roles offered in the role menus (member page, invitations).
members-role-option-member = Member
members-role-option-admin = Administrator
members-role-option-legal-representative = Legal representative
members-role-option-owner = Owner

## One member

# $email is the member's address, $org the organization's name.
member-title = { $email } in { $org }
# Followed by a link to the organization: "admin in Acme".
member-role-in = { $role } in
member-2fa-label = Two-factor authentication:
member-actions-heading = Actions
member-send-alert = Send security alert
member-remove-link = Remove from { $org }
member-role-heading = Role
member-role-label = Role
member-change-role = Change role
member-deadline-heading = Deadline to set up two-factor authentication
member-own-deadline-label = { $name }'s own deadline
member-deadline-hint = Later or earlier than the organization's, for this member only; empty, the organization's applies. Never your own; an owner's or legal representative's only by an owner. Asks for your second factor if you have not passed it in the last minutes.
member-set-deadline = Set the deadline
# Followed by a link "the policy" in brackets.
member-not-enforced = { $org } does not require two-factor authentication: a member's own deadline applies once it does
member-policy-link = the policy
member-reset-heading = Reset two-factor authentication
member-reset-text = { $org } manages { $name }'s account: you may reset their two-factor authentication when they lost their factors.
member-reset-link = Reset { $name }'s two-factor authentication
member-flash-deadline = The member's deadline was changed.
member-flash-mfa-reset = Their two-factor authentication was reset: they set up a new second factor at their next sign-in, and were told by email.
member-remove-title = Remove a member
member-remove-heading = Remove { $email } from { $org }?
member-remove-text = They lose access to the organization at once and are told by email.
member-remove-submit = Remove { $email }
member-remove-keep = Keep them
member-reset-title = Reset { $name }'s two-factor authentication
member-reset-confirm-heading = Reset { $name }'s two-factor authentication?
member-reset-confirm-text = { $email } loses every second factor and recovery code, their app passwords and remembered devices, and is signed out everywhere. At their next sign-in they must set up a new second factor before anything else. They are told by email, and the reset is in { $org }'s audit log.
member-reset-confirm-care = Do this only when you are sure it is them asking (a lost phone, a broken key), by a channel you trust.
member-reset-submit = Reset their two-factor authentication
member-reset-keep = Keep it

## The two-factor policy

policy-title = Two-factor policy of { $org }
policy-enrolled = { $enrolled } of { $members } members have an allowed second factor ({ $percentage } %).
policy-enforcement-on = Enforcement is on.
policy-enforcement-off = Enforcement is off.
policy-preview-heading = Who enforcing would stop ({ $count })
policy-preview-more = And { $count } more: see the member list.
policy-enforced-label = Require two-factor authentication of every member
policy-start-label = Start on (UTC, year-month-day hour:minute; empty: at once)
policy-start-hint = Members are told the date at every sign-in until then.
policy-strict-label = Strict mode: refuse to turn it on while any member lacks it
policy-auto-label = Automatic: turn it on by itself once the last member has it
policy-methods-legend = Methods that count
policy-exempt-legend = Keep working without two-factor authentication
policy-client-native = Desktop and mobile apps
policy-client-sync = Sync tools (app passwords)
policy-client-web = The web console
policy-remembered-label = Members may have a device remembered
policy-remembered-days-label = Days a remembered device skips the second step
policy-new-member-days-label = Days new members have to set it up
policy-app-passwords-label = Members may use app passwords
policy-save = Save the policy
policy-flash-saved = The policy was saved.
# $emails: the addresses, separated by commas.
policy-strict-error = Strict mode: { $count } members do not have two-factor authentication yet ({ $emails }). Remind them, then try again.
policy-confirm-stopped-heading = Members who will be stopped ({ $count })
# $word is a word to type as it is, in capitals (ENFORCE, STOP): never translate it.
policy-confirm-type = Type { $word } to confirm
policy-confirm-retry = Type { $word } exactly, in capitals.
policy-confirm-cancel = Cancel
policy-stop-heading = Stop two-factor enforcement?
policy-stop-text = Members without two-factor authentication will be let in again. The owners are emailed.
policy-stop-button = Stop enforcement
policy-enforce-heading = Turn on two-factor enforcement?
policy-enforce-text-scheduled = Members without an allowed second factor are emailed now and stopped in the web console from the date you chose.
policy-enforce-text-now = Members without an allowed second factor are stopped in the web console at their next request, and emailed.
policy-enforce-button = Turn on enforcement

## Invitations

invite-title = Invite to { $org }
invite-heading = Invite someone to { $org }
invite-email-label = Email
invite-role-label = Role
invite-external-label = External (a guest from outside the organization)
invite-manage-label = Ask to manage their account (the organization could reset their two-factor authentication; they must agree when accepting)
invite-submit = Send the invitation
invite-waiting-heading = Waiting to be accepted
invite-none = No invitation is waiting.
invite-table-caption = Invitations waiting to be accepted
invite-col-email = Email
invite-col-role = Role
invite-col-until = Link works until
invite-col-actions = Actions
invite-resend = Resend
invite-revoke = Revoke
# Read by screen readers after "Resend" or "Revoke".
invite-of = the invitation of { $email }
invite-flash-sent = The invitation was sent.
invite-flash-sent-to = The invitation was sent to { $email }.
invite-flash-resent-to = The invitation was sent again to { $email }; the earlier link no longer works.
invite-flash-revoked = The invitation was revoked: its link no longer works.
invite-flash-resent = The invitation was sent again; the earlier link no longer works.
invitation-title = Invitation
invitation-heading = Join { $org }
# The organization's name (in bold) comes between invitation-text-before and invitation-text-after.
invitation-text-before = You are invited to join the organization
invitation-text-after = as { $role }.
invitation-accept = Accept the invitation
# A link "Set up two-factor authentication", then invitation-come-back.
invitation-set-up = Set up two-factor authentication
invitation-come-back = , then come back to this page.

## The audit log

audit-title = Audit log of { $org }
audit-table-caption = Events, newest first
audit-col-when = When (UTC)
audit-older = Older events

## Apps (OpenID Connect clients)

apps-title = Apps of { $org }
apps-intro = Apps that sign the organization's people in through twofold (OpenID Connect). Its two-factor rule follows people into them.
apps-registered-heading = App registered
apps-client-id = Client id:
apps-client-secret = Client secret, shown this once:
apps-table-caption = Registered apps
apps-col-name = Name
apps-col-client-id = Client id
apps-col-type = Type
apps-col-uris = Redirect URIs
apps-col-actions = Actions
# An app's type and kind in the list: "confidential, web".
apps-row-type = { $type }, { $kind }
apps-type-confidential = confidential
apps-type-public = public
apps-kind-web = web
apps-kind-native = native
apps-remove = Remove { $name }
apps-register-heading = Register an app
apps-name-label = Name
apps-type-label = Type
apps-type-confidential-option = Confidential (a server that keeps a secret)
apps-type-public-option = Public (a native or browser app, with PKCE)
apps-kind-label = Kind
apps-kind-web-option = Web app
apps-kind-native-option = Native app
apps-uris-label = Redirect URIs, one per line
apps-more = More options
apps-post-logout-label = After sign-out, send people to (one per line)
apps-post-logout-hint = Where the app may ask twofold to send people after signing them out.
apps-backchannel-label = Back-channel logout URI
apps-backchannel-hint = twofold tells the app here, at once, when a person's session ends: they sign out, leave, or the organization's two-factor rule stops them.
apps-alg-label = ID token signature
apps-alg-es256 = ES256 (recommended)
apps-alg-rs256 = RS256 (for libraries that know only RSA)
apps-register = Register

# How many members have a security key or passkey: $count of $members.
org-phishing-resistant = { $count } of { $members } have a phishing-resistant factor (a security key or passkey).

# The name of a policy that counts only security keys and passkeys.
policy-phishing-resistant-only = Phishing-resistant only
policy-phishing-resistant-hint = Tick only "security key" for phishing-resistant only: security keys and passkeys answer this site alone, while codes and push approvals can be relayed by a fake one.

# The policy page: its state, the main choice and the folded options.
policy-enforcement-scheduled = Enforcement is scheduled: it starts on { $date }.
policy-preview-heading-on = Stopped now ({ $count })
policy-preview-heading-scheduled = Stopped from { $date } unless they set it up first ({ $count })
policy-enforced-hint = Members without an allowed second factor are stopped in the web console and in the apps that sign in through twofold until they set one up.
policy-more-options = More options
policy-strict-hint = Saving with the requirement on fails, naming who is missing, until every member has an allowed second factor.
policy-auto-hint = Nothing is required until then; the requirement starts the moment the last member sets up a second factor.
policy-exempt-hint = What members without two-factor authentication can still use once it is required: what they had signed in before keeps working; the ticked kinds may also sign in anew.
policy-remembered-hint = After a second step, a browser may skip it for the days below.
policy-new-member-days-hint = People who join once it is required get this many days from joining; 0: at once.
policy-app-passwords-hint = Passwords for sync tools (mail, calendars, files) that cannot ask for a second factor.
policy-enforce-now-heading = Stop members without an allowed second factor now?
policy-enforce-now-button = Enforce now

# The members page: reminders said in figures, the last reminder, a wide table.
members-col-reminded = Last reminded
members-table-scroll = The table scrolls sideways: the actions are on the right.
members-flash-reminded-count = { $count ->
    [0] No reminder was sent.
    [one] A reminder was sent to 1 member.
   *[other] Reminders were sent to { $count } members.
}
members-flash-reminded-skipped = { $count ->
    [one] 1 member was skipped: reminded in the last { $hours } hours.
   *[other] { $count } members were skipped: reminded in the last { $hours } hours.
}

# Leaving an organization, after a page that asks.
leave-title = Leave { $org }?
leave-text = You will no longer be a member of { $org }: its apps stop signing you in through twofold, and only a new invitation brings you back. Your account stays.
leave-stay = Stay
# The invitation page: who sent it, and declining from the link.
invitation-by-middle = invited you to join the organization
invitation-decline = Decline

# The audit log in sentences.
audit-actor-twofold = twofold
audit-col-event = What happened
audit-policy-on-from = { $actor } turned on the 2FA requirement, from { $date }
audit-policy-on = { $actor } turned on the 2FA requirement, at once
audit-policy-off = { $actor } turned off the 2FA requirement
audit-policy-date = { $actor } moved the start of the 2FA requirement to { $date }
audit-policy-date-now = { $actor } made the 2FA requirement start at once
audit-policy-changed = { $actor } changed the 2FA policy
audit-org-mfa-reminders-sent = { $count ->
    [0] { $actor } sent no 2FA reminder: everyone had one recently
    [one] { $actor } sent a 2FA reminder to 1 member
   *[other] { $actor } sent 2FA reminders to { $count } members
}
audit-org-created = { $actor } created the organization
audit-org-invitation-created = { $actor } invited { $target } as { $role }
audit-org-invitation-accepted = { $actor } accepted the invitation and joined as { $role }
audit-org-invitation-revoked = { $actor } revoked the invitation of { $target }
audit-org-invitation-declined = { $actor } declined the invitation
audit-org-member-role-changed = { $actor } made { $target } { $role }
audit-org-member-removed = { $actor } removed { $target }
audit-org-member-left = { $actor } left the organization
audit-org-mfa-policy-auto-enforced = The 2FA requirement turned itself on: every member had set it up
audit-org-security-alert-sent = { $actor } sent a security alert to { $target }
audit-org-member-mfa-deadline-changed = { $actor } gave { $target } a deadline of their own
audit-org-member-mfa-reset = { $actor } reset the 2FA of { $target }
audit-org-member-mfa-reset-elsewhere = The organization that manages the account of { $target } reset their 2FA
audit-org-client-registered = { $actor } registered the app { $target }
audit-org-client-removed = { $actor } removed the app { $target }
audit-other = { $actor }: { $code } ({ $target })

# Known networks (issue 21)
policy-networks-label = Remembered devices skip the second step only from known networks
policy-networks-hint = Known: the network a device was remembered on (the same IPv4 /24 or IPv6 /64), or one of the trusted networks below. Anywhere else it is asked for the second step, and its holder is told. Where a member belongs to several organizations, the strictest applies.
policy-trusted-label = Trusted networks
policy-trusted-hint = Your offices and VPN, in CIDR notation, one per line: 203.0.113.0/24, 2001:db8::/48. At most 500.
