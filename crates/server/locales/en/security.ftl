# The account's own security pages: second factors, app passwords, remembered devices, the
# email address, sessions, sign-ins waiting for approval, invitations, deleting the account.

## The security page

sec-title = Security
sec-2fa-heading = Two-factor authentication
# A badge: an organization manages the account.
sec-managed-badge = Managed
# Before the organization's name (in bold): "Your account is managed by the organization Acme: …".
sec-managed-before = Your account is managed by the organization
# After the organization's name; starts right after it (begin with {" "} to put a space first).
sec-managed-after = : its owners and administrators can reset your two-factor authentication. This ends when you leave it.
sec-unmanaged = No organization manages your account: nobody but you (and this server's operator) can reset your two-factor authentication.
# Badges: two-factor authentication is off / on.
sec-badge-off = Off
sec-badge-on = On
sec-password-alone = Your account is protected by its password alone.
sec-codes-left = { $count ->
    [one] { $count } recovery code left.
   *[other] { $count } recovery codes left.
}
sec-methods-caption = Your second factors
sec-col-method = Method
sec-col-added = Added
sec-col-actions = Actions
# A badge next to the second factor used first when signing in.
sec-badge-default = Default
sec-make-default = Make default
sec-remove = Remove
# A kind of second factor, in brackets after the name the person gave it (lower case).
sec-kind-webauthn = security key
sec-kind-push = push approval app
sec-kind-totp = authenticator app
sec-kind-sms = SMS code

sec-key-heading = Passkey or hardware key
sec-badge-recommended = Recommended
sec-key-hint = The strongest: a USB or NFC key, or your device's passkey. Cannot be phished: it only answers this site.
# How many security keys the account has.
sec-keys-added = { $count } added
sec-none-yet = None yet
sec-key-label = Name of the new security key
# The name a new security key gets unless the person types another.
sec-key-default-name = Security key
sec-key-add = Add a security key

sec-app-heading = Authenticator app
sec-app-hint = Six-digit codes from an app on your phone (any standard one). Works offline.
# How many authenticator apps the account has.
sec-apps-added = { $count } added
sec-app-label = Name of the new authenticator app
# The name a new authenticator app gets unless the person types another.
sec-app-default-name = Authenticator app
sec-app-add = Add an authenticator app

sec-push-heading = Authenticator device
sec-push-hint = Approve sign-ins from a registered device, matching the number shown.
# How many authenticator devices the account has.
sec-devices-added = { $count } added
sec-push-label = Name of the new authenticator device
# The name a new authenticator device gets unless the person types another.
sec-push-default-name = Authenticator device
sec-push-add = Add an authenticator device

sec-sms-heading = SMS codes
sec-sms-hint = The weakest: texts can be redirected. A fallback when nothing else fits.
# How many phone numbers the account has.
sec-phones-added = { $count } added
sec-sms-phone-label = Mobile number for SMS codes
sec-sms-add = Add a phone number

sec-recovery-heading = Recovery codes
sec-recovery-hint = New codes replace the old ones at once.
sec-recovery-new = Make new recovery codes
sec-off-heading = Turn two-factor authentication off

sec-app-passwords-heading = App passwords
sec-app-passwords-hint = For mail and calendar apps that cannot ask for a second factor. Each is shown once.
sec-app-password-new = Your new app password (copy it now, it is not shown again):
sec-col-name = Name
sec-col-created = Created
sec-col-last-used = Last used
# An app password that was never used.
sec-never = never
sec-revoke = Revoke
sec-app-password-label = Name of the new app password
sec-app-password-create = Create an app password

sec-email-heading = Email address
sec-email-new = New email address
sec-email-hint = We send a link to the new address; you keep signing in with the current one until you open it.
sec-email-password = Your password (asked only while the account has no second factor)
sec-email-submit = Change the address

sec-sessions-heading = Where you're signed in
# A link, followed by sec-sessions-after.
sec-sessions-link = See every browser and app signed in to your account
# Follows the link sec-sessions-link right after it (begin with {" "} to put a space first).
sec-sessions-after = , and sign out the ones you don't recognise.
# A link (also the title of the invitations page), followed by sec-invitations-after.
sec-invitations-link = Invitations to you
# Follows the link sec-invitations-link right after it (begin with {" "} to put a space first).
sec-invitations-after = : join an organization that invited you, or decline.
# A link that downloads the account's data.
sec-export-link = Download your data
# Between the links "Download your data" and "delete your account".
sec-export-middle = (one JSON file, no secrets), or
# A link to the page that deletes the account.
sec-delete-link = delete your account
# Ends the sentence after the link "delete your account".
sec-export-end = .

sec-devices-heading = Remembered devices
sec-devices-none = No device skips the second step.
sec-col-device = Device
# The column of the dates a device was remembered.
sec-col-remembered = Remembered
sec-col-until = Until
sec-forget = Forget

sec-reauth-heading = Confirm it's you
sec-reauth-text = Changes to your second factors need a code from the last 10 minutes.
sec-reauth-code = Code from your authenticator app
sec-reauth-submit = Confirm

# What the account owes, at the top of the security page.
sec-req-reset = Your two-factor authentication was reset: set up a new second factor to continue.
sec-req-deadline = { $org } requires two-factor authentication from { $date }.
sec-req-now = { $org } requires two-factor authentication: set it up to continue.

## Adding an authenticator app

sec-totp-title = Add an authenticator app
sec-totp-step-1 = Open your authenticator app and add an account.
sec-totp-step-2 = Scan this code, or type the key below.
sec-totp-step-3 = Enter the 6-digit code the app shows.
sec-totp-qr = QR code for your authenticator app
sec-totp-manual = Key to type instead:
sec-totp-code = Code from the app
sec-totp-submit = Verify and turn on
sec-totp-format = Enter the 6 digits the app shows.
sec-totp-mismatch = That code does not match. Check the app's clock and enter the newest code.

## Adding a security key

sec-webauthn-title = Add a security key
sec-webauthn-intro = Insert or unlock your security key (or use this device's passkey), then press the button. Your browser will ask you to touch the key.
sec-webauthn-submit = Use my security key
sec-webauthn-noscript = Adding a security key needs JavaScript: the browser talks to the key.
# Shown by the page's script; $name is the browser's technical error name (NotAllowedError).
sec-webauthn-no-answer = The security key did not answer ({ $name }). Try again, or use another method.
# $reason is a sentence saying why (it ends with a full stop).
sec-webauthn-not-added = The security key was not added: { $reason } Try again.

## Adding a phone number

sec-sms-title = Add a phone number
sec-sms-mobile = Mobile number
# $countries: country codes such as "CH, FR, DE".
sec-sms-phone-hint = With its country code, such as +41 79 123 45 67. Codes are texted to numbers of these countries only: { $countries }.
sec-sms-name = Name of the phone
sec-sms-send = Text me a code
sec-sms-enter = Enter the code we texted to { $phone }. It works for a few minutes.
sec-sms-code = Code from the text
sec-sms-add-phone = Add the phone
sec-sms-new-code = Send a new code
sec-sms-sent = We texted a code to { $phone }.
sec-sms-resent = We texted a new code to { $phone }.
sec-sms-format = Enter the 6 digits of the text.
sec-sms-mismatch = That code does not match the text, or it expired. Try again, or send a new code.
sec-back = Back to security

## Adding an authenticator device

sec-push-title = Add an authenticator device
# Followed by a command to run, on its own line.
sec-push-give = Give this one-time link to the device: scan the QR code with the app, or on a computer run
sec-push-qr = QR code of the enrollment link
sec-push-once = The link works once, for 15 minutes.
# Followed by a command in brackets, then sec-push-then-after.
sec-push-then = Then enter the 6-digit code the device shows
# Follows the command in brackets right after it (begin with {" "} to put a space first).
sec-push-then-after = : it proves the device is yours and also works when the device is offline.
sec-push-code = Code from the device
sec-push-submit = Add the device
sec-push-format = Enter the 6 digits the device shows.
sec-push-mismatch = That code does not match. Enter the newest code the device shows.

## Recovery codes

sec-codes-heading = Save your recovery codes
sec-codes-text = If you lose your authenticator app, each of these codes signs you in once. They are shown only now: download or print them, and keep them somewhere safe.
sec-codes-print = Print
sec-codes-download = Download as .txt
sec-codes-continue = I saved them, continue
# The first line of the downloaded text file of recovery codes.
sec-codes-file-title = twofold recovery codes for { $email }

## Turning two-factor authentication off, removing a method

sec-off-question = Turn two-factor authentication off?
sec-off-text = Your methods and recovery codes are removed and remembered devices forgotten; your account is then protected by its password alone.
sec-off-submit = Turn it off
sec-off-keep = Keep it on
sec-remove-title = Remove a method
# $label: the name the person gave the second factor.
sec-remove-question = Remove "{ $label }"?
sec-remove-last = It is your last second factor: two-factor authentication turns off.
sec-remove-others = You can still sign in with your other methods.
sec-remove-submit = Remove { $label }
sec-remove-keep = Keep it

## Where you're signed in

sec-sessions-intro = Every browser and app signed in to your account. If you don't recognise one, sign it out and change your password.
sec-col-browser = Browser or app
sec-col-address = Address
sec-col-signed-in = Signed in
sec-col-last-active = Last active
sec-this-browser = (this browser)
sec-step-pending = (second step not passed)
sec-sign-out = Sign out
# For screen readers, after "Sign out": which session ("Firefox on Linux from 203.0.113.7").
sec-sign-out-which = { $browser } from { $ip }
sec-sign-out-others = Sign out everywhere else
sec-sessions-ended = That session is signed out.
sec-sessions-others-ended = Every other session is signed out.
# A session whose IP address is not known.
sec-unknown-address = unknown
# A browser or app and its operating system: "Firefox on Linux".
sec-ua-on = { $browser } on { $os }
sec-ua-a-browser-on = A browser on { $os }
sec-ua-unknown = Unknown client

## Sign-ins waiting for approval

sec-requests-title = Sign-ins waiting for you
sec-requests-none = No sign-in is waiting for your approval.
# $from: an IP address (and place); $at: a date and time.
sec-request-heading = Sign-in from { $from } at { $at }
sec-request-pick = If this is you, pick the number that sign-in shows. A wrong number refuses it.
sec-request-deny = Deny
sec-request-not-me = This wasn't me
sec-from-unknown = an unknown address
sec-browser-unknown = an unknown browser
sec-approved = Approved: the sign-in continues.
sec-denied = The sign-in was refused.
sec-reported = The sign-in was refused and reported. Someone knows your password: change it now.

## Deleting the account

sec-delete-title = Delete your account
sec-delete-question = Delete your account?
sec-delete-text = Deleting { $email } is for good: you leave every organization, apps signed in with it are signed out, and your methods, app passwords, devices and sessions are erased. Organizations' audit logs keep what happened under a pseudonym. An organization's last owner must hand it over first.
# A link that downloads the account's data, before sec-delete-export-after.
sec-delete-export-link = Download your data
# After the link sec-delete-export-link.
sec-delete-export-after = first (one JSON file, no secrets).
sec-delete-password = Your password
sec-delete-submit = Delete my account for good
sec-delete-keep = Keep my account
sec-delete-wrong-password = The password is wrong: nothing was deleted.

## A new email address

sec-email-confirm-title = Confirm your new address
sec-email-confirm-text = Once confirmed, you sign in with the new address and the old one no longer works. Your old address is told.
sec-email-confirm-submit = Use the new address
sec-email-confirm-later = Not now
sec-email-wrong-password = The password is wrong: the address was not changed.

## Invitations to the account

sec-inv-none = No invitation is waiting for { $email }.
sec-inv-intro = Organizations that invited { $email }. Accept to join, or decline: the invitation's link then stops working.
# The role the invitation offers: "As member".
sec-inv-as = As { $role }
sec-inv-as-external = As { $role } (external)
# $terms is sec-inv-as or sec-inv-as-external.
sec-inv-invited-by = { $terms }, invited by { $email }
# $terms is sec-inv-as, sec-inv-as-external or sec-inv-invited-by; $date a date and time.
sec-inv-valid = { $terms }. Valid until { $date }.
# In bold, before sec-inv-manage-text.
sec-inv-manage-ask = { $org } asks to manage your account:
sec-inv-manage-text = its owners and administrators could reset your two-factor authentication (remove your second factors, recovery codes, app passwords and remembered devices, and sign you out everywhere). Only one organization can manage an account; it stops when you leave.
sec-inv-manage-agree = I agree that { $org } manages my account
sec-inv-accept = Accept
sec-inv-decline = Decline
# For screen readers, after "Accept" or "Decline".
sec-inv-to = the invitation to { $org }
sec-inv-by-link = Accept or decline it with the link in the invitation email: your address was never confirmed by a link, so this page cannot vouch for it.
# A link, followed by sec-inv-setup-after.
sec-inv-setup-link = Set up two-factor authentication
# Follows the link sec-inv-setup-link right after it (begin with {" "} to put a space first).
sec-inv-setup-after = , then come back to this page.
sec-invitation-declined = The invitation was declined: its link no longer works.

## Passkeys (sign in with one alone).
# A kind of second factor, in brackets after its name (lower case).
sec-kind-passkey = passkey
# A passkey the person's password manager or phone account keeps in step across devices.
sec-kind-passkey-synced = passkey, synced
sec-passkey-hint = A passkey signs you in with your fingerprint, face or screen lock alone: no password, no code, and it cannot be phished.
sec-passkey-add = Add a passkey
# The name a new passkey gets.
sec-passkey-default-name = Passkey
sec-passkey-title = Add a passkey
sec-passkey-intro = Your browser will ask you to confirm it is you with your fingerprint, face, screen lock or your security key's PIN. Next time, sign in with the passkey alone.
sec-passkey-submit = Create my passkey

## The offer of a passkey, once, after signing in with a code.
offer-passkey-title = Sign in faster next time
offer-passkey-text = You just typed a code. With a passkey, your fingerprint, face or screen lock signs you in alone: no password, no code, and no fake site can use it.
offer-passkey-later = Not now
offer-passkey-once = We ask only this once. You can add a passkey at any time on the security page.
# Turning 2FA off, when an organization requires it (said before the button).
sec-off-required-by = { $count ->
    [one] { $orgs } requires two-factor authentication of its members: you cannot turn it off while you belong to it. You can change or add methods instead.
   *[other] { $orgs } require two-factor authentication of their members: you cannot turn it off while you belong to them. You can change or add methods instead.
}
# The link a guest gets beside an organization's requirement on the security page.
sec-req-leave = Or, as a guest, leave { $org } instead.

# Known networks (issue 21)
sec-col-network = Network
sec-device-network-unknown = unknown
sec-device-network-only = this network only
sec-device-used-from = { $date } from { $address }
