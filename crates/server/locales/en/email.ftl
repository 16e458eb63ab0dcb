# Emails and text messages. Each message is one paragraph of an email (one line: a line break
# inside a message would show in the email). Names in { $org }, { $inviter }, { $manager } and
# { $sender } arrive already in quotation marks; { $url } and the API requests are left as they are.

mail-hello = Hello,
# Shown under a link, for those who use the API: { $request } is "POST https://…".
mail-api = Or with the API: { $request }
# { $json } is the request's body, e.g. {"token": "…"}.
mail-api-with = Or with the API: { $request } with { $json }
mail-contact-owners = If you did not expect this, contact the organization's owners.

# Kinds of second factor, inside sentences (lower case).
mail-method-webauthn = security key
mail-method-push = push approval app
mail-method-totp = authenticator app
mail-method-sms = SMS code

## Invitations

mail-invitation-subject = Invitation to the organization { $org } on twofold
# { $role }: owner, admin, member… (already translated).
mail-invitation-invited = The person named { $inviter } invited you to join the organization { $org } as { $role }.
mail-invitation-requires-mfa = The organization { $org } requires two-factor authentication: set up a second factor (an authenticator app or a security key) on your account before you accept.
# { $json } is {"accept_management": true}, to be sent as it is.
mail-invitation-manage = The organization { $org } also asks to manage your account. If you agree (you will be asked when accepting), its owners and administrators will be able to reset your two-factor authentication: remove your second factors and recovery codes, revoke your app passwords and remembered devices, and sign you out everywhere. Only one organization can manage an account, and it stops when you leave. To accept with the API, send { $json }.
# Followed by the link, on the next line.
mail-invitation-accept = Accept the invitation here:
# Followed by the link, on the next line.
mail-invitation-join = New to twofold? Create your account and join in one step (the link works for this address only, and only for you: keep it to yourself):
mail-invitation-expires = The invitation expires at { $expires }. If you did not expect it, ignore this email.

## Memberships

mail-role-changed-subject = Your role in the organization { $org } changed
mail-role-changed = Your role in the organization { $org } is now { $role }.
mail-removed-subject = You were removed from the organization { $org }
mail-removed = You are no longer a member of the organization { $org }.

## Links

mail-verify-subject = Confirm your email address
# Followed by the link, on the next line.
mail-verify-confirm = Someone signed up to twofold with this address at { $at }. If it was you, confirm that the address is yours to finish creating your account (the page asks for the password you chose; the link works once, until { $until }):
mail-verify-ignore = If you did not sign up at that time, ignore this email: an account whose address is not confirmed is deleted after { $days ->
        [one] { $days } day
       *[other] { $days } days
    }, and never signs in.
mail-email-change-subject = Confirm your new twofold address
# Followed by the link, on the next line.
mail-email-change-confirm = A twofold account asked to use this address. Signed in to that account, confirm it here (the link works once, until { $until }):
mail-email-change-ignore = If you did not ask, ignore this email: nothing changes.
mail-reset-subject = Reset your twofold password
# Followed by the link, on the next line.
mail-reset-choose = Someone asked to reset the password of the twofold account of this address. Choose a new password here (the link works once, until { $until }):
mail-reset-effects = A new password signs out every session and forgets remembered devices. If your account has two-factor authentication, you will still pass your second factor when you sign in again.
mail-reset-ignore = If you did not ask, ignore this email: your password stays as it is.

## A manager's security review of a member's account

mail-alert-subject = Security review of your account, from { $org }
mail-alert-review = { $sender }, a manager of the organization { $org }, asks you to review the security of your twofold account. This is how it stands:
mail-alert-advice = If something here is not yours (a method, an app password, a device), remove it from your account's security page: { $url }. If two-factor authentication is off, turn it on there.
# The lines of the summary (each after a dash).
mail-summary-mfa-off = Two-factor authentication: OFF. Your account is protected by its password alone.
mail-summary-methods = Two-factor methods:
# { $method }: authenticator app, security key…; { $label }: the name its holder gave it.
mail-summary-method = { $method } "{ $label }", added { $added }
mail-summary-codes-left = Recovery codes left: { $count }
mail-summary-app-passwords = App passwords: { $count }
mail-summary-app-password = "{ $label }", created { $created }, last used { $used }
mail-summary-app-password-unused = "{ $label }", created { $created }, last used never
mail-summary-devices = Remembered devices: { $count }
mail-summary-device = "{ $label }", remembered { $remembered }, last used { $used }

## Reminders to set up two-factor authentication

mail-reminder-asks-subject = Reminder: { $org } asks you to set up two-factor authentication
mail-reminder-requires-subject = Reminder: { $org } requires two-factor authentication
mail-reminder-asks = The organization { $org } asks its members to set up two-factor authentication, and your account does not have a second factor it accepts yet.
mail-reminder-requires = The organization { $org } requires two-factor authentication of its members, and your account does not have a second factor it accepts yet.
mail-reminder-quick = It takes two minutes.
mail-reminder-before = Please set it up before { $deadline }; from then on the web console stops you until you do.
mail-reminder-stopped = Until you set it up, the web console stops you; desktop and mobile apps keep working.
mail-reminder-add = Add an authenticator app or a security key from your account's security page: { $url }
mail-announce-subject = { $org } requires two-factor authentication
mail-announce-now = The organization { $org } requires two-factor authentication of its members from now on.
mail-announce-from = The organization { $org } requires two-factor authentication of its members from { $date }.
mail-announce-set-up = Set up a second factor (an authenticator app or a security key) from your account's security page: { $url }
mail-announce-until = Until you do, the web console will stop you, and so will a new sign-in from an app; desktop and mobile apps signed in before then, and app passwords, keep working.

## Security notices: what changed on an account (the message), and the subject.

# { $at }: date and time.
mail-notice-when = When: { $at }
mail-notice-advice = If this was you, there is nothing to do. If it was not, change your password at once and review the two-factor methods, app passwords and remembered devices on your account's security page.

mail-notice-method-added = A second factor was added to your twofold account: { $method } "{ $label }".
    .subject = A two-factor method was added to your account
mail-notice-default-method = Your { $method } ("{ $label }") is now the method proposed first when you sign in.
    .subject = Your default two-factor method changed
mail-notice-method-removed = Your { $method } ("{ $label }") was removed from your twofold account.
    .subject = A two-factor method was removed from your account
mail-notice-last-method-removed = Your { $method } ("{ $label }") was removed from your twofold account. It was your last one: two-factor authentication is now off.
    .subject = A two-factor method was removed from your account
mail-notice-mfa-off = Two-factor authentication was turned off on your twofold account: its methods and recovery codes were removed and remembered devices forgotten.
    .subject = Two-factor authentication was turned off
mail-notice-recovery-codes = A new set of recovery codes was created for your twofold account; the previous codes no longer work.
    .subject = New recovery codes were created
mail-notice-reset-by-operator = An operator of this twofold server reset two-factor authentication on your account: its methods and recovery codes were removed, remembered devices forgotten and every session signed out. Sign in and set up a new second factor: until you do, your account (app passwords included) can do nothing else.
    .subject = Your two-factor authentication was reset
# { $manager }: the manager's address.
mail-notice-reset-by-manager = { $manager }, a manager of the organization { $org }, which manages your account, reset two-factor authentication on your account: its methods and recovery codes were removed, its app passwords revoked, its remembered devices forgotten, and every session signed out. Sign in with your password and set up a new second factor: until you do, your account can do nothing else.
    .subject = Your two-factor authentication was reset
mail-notice-app-password-created = An app password named "{ $label }" was created on your twofold account. Sync tools can sign in with it until you revoke it.
    .subject = An app password was created
mail-notice-app-password-revoked = An app password of your twofold account was revoked; sync tools using it can no longer sign in.
    .subject = An app password was revoked
# { $label }: the browser, as it names itself.
mail-notice-device-remembered = A browser ({ $label }) was remembered on your twofold account: signing in from it skips the second step for { $days } days. You can forget it from your account's security page.
    .subject = A browser will skip the second step
mail-notice-totp-replayed = A sign-in to your twofold account offered a code from your authenticator app that had already been used, and it was refused. If you did not just submit the same code twice, someone may have seen or phished your code and knows your password: change your password.
    .subject = A code from your authenticator app was used twice
mail-notice-key-cloned = A sign-in to your twofold account used one of your security keys, but the key's signature counter went backwards: another copy of the key may exist. The sign-in was refused. Remove that key from your account's security page and register a new one.
    .subject = One of your security keys may have been copied
mail-notice-recovery-code-used = A recovery code was used to sign in to your twofold account. Each code works once; { $left } of your codes are left. If you lost your second factor, set up a new one and create new recovery codes.
    .subject = A recovery code was used to sign in
mail-notice-second-step-locked = Someone who knows your password entered { $failures } wrong second-factor codes in a row, so the second step of signing in to your twofold account is locked for now. If this was not you, change your password at once: it is known to someone else.
    .subject = Your second step is locked after too many wrong codes
# { $from }: an IP address.
mail-notice-push-reported = You reported a sign-in to your twofold account as not yours, and it was refused. It came from { $from }, with your password: someone else knows it. Change your password now. Approval requests to your devices are paused for an hour.
    .subject = A sign-in you did not make was stopped
mail-notice-push-reported-unknown = You reported a sign-in to your twofold account as not yours, and it was refused. It came from an unknown address, with your password: someone else knows it. Change your password now. Approval requests to your devices are paused for an hour.
    .subject = A sign-in you did not make was stopped
mail-notice-password-changed = The password of your twofold account was changed. Your other sessions were ended and remembered devices forgotten.
    .subject = Your password was changed
mail-notice-password-reset = The password of your twofold account was reset with a link sent to this address. Every session was signed out and remembered devices forgotten; your second factors are unchanged.
    .subject = Your password was reset
mail-notice-address-taken = A twofold account asked to use this address, but an account already has it, so nothing changed. If that account is yours, there is nothing to do.
    .subject = Someone tried to move a twofold account to this address
# { $new }: the new address; { $url }: the server's address.
mail-notice-address-changing = A change of your twofold account's address to { $new } was asked; it happens when the link sent there is opened. If this was not you, reset your password at once ({ $url }/password-reset): a new password stops the change and signs everyone out.
    .subject = Your twofold address is about to change
mail-notice-address-changed = The address of your twofold account is now { $new }; this one no longer signs in. If this was not you, reset your password from the new address's inbox or contact your organization's administrators.
    .subject = Your twofold address was changed
mail-notice-account-deleted = Your twofold account and its personal data were deleted: its second factors, app passwords, sessions and memberships are gone. Organizations keep their audit log, where you now appear under a pseudonym.
    .subject = Your twofold account was deleted
# { $who }: the address of whoever stopped it.
mail-notice-enforcement-stopped = { $who } stopped requiring two-factor authentication of the members of { $org }.
    .subject = Two-factor enforcement was stopped in { $org }
mail-notice-auto-enforced = Every member of { $org } has set up two-factor authentication, so enforcement turned on by itself, as the organization's policy asked. Members who join later must set it up too.
    .subject = { $org } now enforces two-factor authentication
# { $deadline }: date and time.
mail-notice-deadline-changed = Your deadline to set up two-factor authentication for the organization { $org } is now { $deadline }.
    .subject = Your deadline to set up two-factor authentication in { $org } changed
mail-notice-deadline-removed = Your deadline to set up two-factor authentication for the organization { $org } is now gone.
    .subject = Your deadline to set up two-factor authentication in { $org } changed

## Text messages

# { $code }: the code; { $issuer }: the service's name; { $valid }: how long it lasts (sms-seconds or sms-minutes).
sms-code = { $code } is your { $issuer } code. It expires in { $valid }. Never share it: { $issuer } will never ask you for it.
sms-seconds = { $count } seconds
sms-minutes = { $count } minutes
# The last paragraph of reminders and announcements: a guest may leave instead.
mail-guests-may-leave = Guests of { $org } who would rather not set it up may leave { $org } instead, from the same page.

# Known networks (issue 21)
mail-notice-device-new-network = A browser remembered on your twofold account ({ $label }) signed in with your password from a new network ({ $address }), which it may not skip the second step from, so the second step was asked. If this was you, travelling or on another connection, there is nothing to do. If not, someone knows your password and has this browser or a copy of its cookie: change your password and forget the browser on your account's security page.
    .subject = Your browser signed in from a new network
