# What pages say when something fails. The English sentences are also the API's words (its
# problem documents), so they start lower case and end without a full stop; translations are
# read on pages only and may read as sentences.

## The error page.

error-failed-heading = That did not work
error-unavailable-heading = Temporarily unavailable
error-unavailable-text = The service cannot reach its database right now. Nothing was changed: wait a few seconds and try again.
error-form-expired-heading = This form has expired
error-form-expired-text = Go back, reload the page and send the form again.
error-go-back = Go back

## What a request failed with.

# A failure on our side: never says why.
error-internal = something went wrong on our side
error-email-taken = an account with this email already exists
error-invalid-credentials = the email or password is wrong
# $seconds is the number as digits; $count is the same number, to choose a plural form.
error-too-many-attempts = too many attempts; retry in { $count ->
       *[other] { $seconds } seconds
    }
error-unauthenticated = sign in first
error-csrf-failed = this request needs a matching Origin header or the X-CSRF-Token header
error-mfa-required = finish signing in with your second factor first
error-mfa-reset = your two-factor authentication was reset: set up a new second factor first (POST /api/v1/me/mfa/totp)
# $orgs is a list of organization names (error-list-and); $count how many there are.
error-mfa-setup-required = { $count ->
        [one] { $orgs } requires two-factor authentication: set it up first (POST /api/v1/me/mfa/totp), or leave
       *[other] { $orgs } require two-factor authentication: set it up first (POST /api/v1/me/mfa/totp), or leave
    }
# An organization's name in a sentence.
error-org-quoted = "{ $name }"
# The end of a list: $rest is the items before the last, separated by commas.
error-list-and = { $rest } and { $last }
error-already-member = this person is already a member of the organization
error-last-owner = an organization must keep at least one owner
# $orgs is a list of organization names separated by commas.
error-last-owner-of = you are the last owner of { $orgs }: make someone else an owner (or delete the organization) first
error-invitation-invalid = this invitation does not exist, has expired or was already used
error-password-reset-invalid = this password-reset link does not exist, has expired or was already used
error-email-change-invalid = this confirmation link does not exist, has expired, was already used or is another account's
error-verification-invalid = this confirmation link does not exist, has expired or was already used
error-email-unverified = confirm your email address first: open the link emailed to you when you signed up
error-invitation-email-mismatch = this invitation was sent to another email address
error-sign-up-disabled = creating accounts is turned off on this server
error-invalid-code = the code is wrong, expired or already used
# $minutes as digits; $count the same number, for plural forms.
error-reauthentication-required = confirm it's you: pass a second factor again (POST /api/v1/sessions/current/mfa) and retry within { $count ->
       *[other] { $minutes } minutes
    }
error-mfa-required-by-org = an organization you belong to requires two-factor authentication: keep at least one method it accepts
error-mfa-not-enabled = two-factor authentication is not set up on this account
error-mfa-required-to-join = this organization requires two-factor authentication: set up a second factor, then accept the invitation
# $word is what to type, as is (ENFORCE, STOP); `confirm` is the field's name in the API.
error-confirmation-required = type { $word } in `confirm` to make this change
# $total as digits; $count the same number, for plural forms.
error-members-without-mfa = strict mode: every member needs two-factor authentication before it can be enforced; { $count ->
       *[other] { $total } do not have it yet
    }
error-app-passwords-not-allowed = an organization you belong to does not allow app passwords
# $detail is a technical reason, in English.
error-webauthn-unavailable = security keys are not available on this server: { $detail }
error-webauthn-ceremony-invalid = this security-key ceremony does not exist, has expired or was already used; start again
# $detail is a technical reason, in English.
error-webauthn-rejected = the security key's answer was refused: { $detail }
# $country is a country code (FR); $allowed a list of them (CH, FR, BE, DE).
error-country-not-allowed = SMS codes are not sent to numbers of this country ({ $country }); allowed: { $allowed }. Use an authenticator app or a security key instead
error-sms-paused = text messages are paused on this server for { $count ->
       *[other] { $seconds } seconds
    } (too many were sent this hour); use another method
error-push-challenge-invalid = this sign-in request was answered already, replaced by a newer one, or has expired
error-push-denied = the sign-in was denied (or the wrong number was picked); sign in again
error-invalid-signature = the answer's signature does not verify with this device's key
error-basic-auth-required = sign in with your email and an app password (HTTP Basic)
error-overloaded = the server is busy; retry shortly
error-unavailable = the service is temporarily unavailable; retry shortly
error-management-consent-required = this invitation asks that the organization manage your account (it could reset your two-factor authentication): accept it with accept_management: true to consent
error-already-managed = another organization already manages this account; leave it first, or accept without management
# $what says what was sent too often (error-limit-…).
error-rate-limited = { $what }; retry in { $count ->
       *[other] { $seconds } seconds
    }
error-limit-org-invitations = this organization sent too many invitations
error-limit-your-invitations = you sent too many invitations
error-limit-address-invitations = this address received too many invitations
error-limit-member-alert = this member had a security alert from this organization recently
# $detail is a technical reason, in English.
error-bad-request = { $detail }
error-no-such-route = no such route
error-method-not-allowed = this route does not accept that method
# $reason is a reason we have no translation of, in English.
error-forbidden = { $reason }
error-forbidden-manage-apps = only owners and administrators may manage the organization's apps
error-forbidden-managers-only = only owners, legal representatives and administrators may do this
error-forbidden-confirm-device = confirm this device first: type the code it shows on the security page
error-forbidden-approve-sign-ins = only a browser session that passed a second factor itself may approve sign-ins
error-forbidden-invite-owners = only owners may invite owners or legal representatives
error-forbidden-address-unproved = your address is not proved yet: use the link in the invitation email
error-forbidden-revoke-owner-invitations = only owners may revoke invitations of owners or legal representatives
error-forbidden-owner-roles = only owners may grant or take away the owner and legal representative roles
error-forbidden-remove-members = only owners, legal representatives and administrators may remove members
error-forbidden-remove-owners = only owners may remove owners or legal representatives
# $what is a thing we have no translation of, in English.
error-not-found = { $what } not found
error-not-found-account = account not found
error-not-found-app-password = app password not found
error-not-found-client = client not found
error-not-found-device = device not found
error-not-found-enrollment-code = enrollment code not found
error-not-found-invitation = invitation not found
error-not-found-member = member not found
error-not-found-method = method not found
error-not-found-organization = organization not found
error-not-found-page = page not found
error-not-found-pending-enrollment = pending enrollment not found
error-not-found-session = session not found
error-not-found-sign-in-request = sign-in request not found

## A value a form or request gave that was refused: "{ $field }: why". $field is the field's
## name (invalid-field-…, or the API's name of a field we have no translation of).

invalid-field-email = email
invalid-field-password = password
invalid-field-name = name
invalid-field-label = label
invalid-field-code = code
invalid-field-phone = phone
invalid-field-number = number
invalid-field-role = role
invalid-field-locale = locale
invalid-field-type = type
invalid-field-deadline = deadline
invalid-field-enforce-from = enforce_from
invalid-field-remembered-device-days = remembered_device_days
invalid-field-new-member-days = new_member_days
invalid-field-redirect-uris = redirect_uris
invalid-field-post-logout-redirect-uris = post_logout_redirect_uris
invalid-field-backchannel-logout-uri = backchannel_logout_uri
invalid-field-allowed-countries = allowed_countries
invalid-field-allowed-methods = allowed_methods
# A search's words.
invalid-field-q = q

# $reason is a technical reason, in English.
invalid-other = { $field }: { $reason }
invalid-required = { $field }: is required
invalid-empty = { $field }: must not be empty
invalid-too-short = { $field }: must be at least { $min } characters
invalid-too-long = { $field }: must be at most { $max } characters
invalid-chars = { $field }: must be { $min } to { $max } characters
invalid-between = { $field }: must be between { $min } and { $max }
# How many items a list may have.
invalid-at-most = { $field }: at most { $max }
invalid-at-least-one = { $field }: must name at least one
invalid-control-characters = { $field }: must not contain control characters
# $list is the API's words, as is: en, fr, de, it.
invalid-one-of = { $field }: must be one of { $list }
# $first and $second are the API's words, as is.
invalid-either = { $field }: must be { $first } or { $second }
invalid-exactly = { $field }: must be { $word }
invalid-not-id = { $field }: is not a valid id
invalid-not-cursor = { $field }: is not a valid cursor
invalid-not-session-state = { $field }: is not a session state
invalid-not-challenge-id = { $field }: is not a challenge id
# $detail is a technical reason, in English.
invalid-address = { $field }: is not a valid address ({ $detail })
invalid-address-without-dot = { $field }: is not a valid address (the domain needs a dot)
invalid-same-email = { $field }: is already the account's address
invalid-common-password = { $field }: is one of the most commonly used passwords
invalid-repeated-character = { $field }: must not repeat a single character
invalid-password-is-email = { $field }: must not be your email address
invalid-uri-too-long = { $field }: is too long
invalid-uri-spaces = { $field }: must not contain spaces or control characters
invalid-uri-not-absolute = { $field }: must be an absolute URI
invalid-uri-fragment = { $field }: must not have a fragment
invalid-uri-user-info = { $field }: must not carry user information
invalid-uri-https = { $field }: must use https (http only on a loopback address)
invalid-uri-scheme = { $field }: must use https, or a reverse-DNS scheme for a native app
invalid-public-https = { $field }: must be a public https address
invalid-too-many-apps = { $field }: the organization has { $max } apps already
invalid-code-challenge = { $field }: must be 43 base64url characters
invalid-scope-openid = { $field }: must include openid
invalid-country-codes = { $field }: must be ISO 3166-1 alpha-2 codes such as CH
invalid-phone-length = { $field }: must be a phone number of 1 to 32 characters
invalid-phone-international = { $field }: must be in international form, with the country code (+41 79 123 45 67)
invalid-not-phone = { $field }: is not a phone number
invalid-phone-invalid = { $field }: is not a valid phone number
invalid-phone-no-country = { $field }: belongs to no country
invalid-phone-mobile = { $field }: must be a mobile number that can receive text messages
invalid-number-required = { $field }: is required to approve: the number the sign-in shows
invalid-not-me-with-denial = { $field }: only goes with a denial
invalid-public-key = { $field }: must be an Ed25519 public key, 32 bytes in base64url
invalid-recovery-code = { $field }: must be one of your 12-character recovery codes
invalid-sms-code = { $field }: must be the 6 digits of the text
invalid-totp-code = { $field }: must be the 6 digits your app shows
invalid-no-such-method = { $field }: no method of this type is set up on this account
invalid-type-mismatch = { $field }: does not match the method's type
invalid-not-credential = { $field }: is not a WebAuthn credential
invalid-not-assertion = { $field }: is not a WebAuthn assertion
invalid-signature-required = { $field }: is required from a device
invalid-no-approver = { $field }: no authenticator device, and no other signed-in browser, can approve this sign-in
invalid-not-enrolled = { $field }: the device has not enrolled yet: give it the enrollment code first
invalid-method-list = { $field }: must list totp, webauthn, sms or push
invalid-at-least-one-method = { $field }: must allow at least one method
invalid-too-many-members = { $field }: must list at most { $max } members
invalid-user-ids = { $field }: must list user ids
invalid-date-like = { $field }: must be a date like 2027-01-31
invalid-date-time = { $field }: must be a date and time
invalid-days = { $field }: must be a number of days
# An address the console does not have.
error-not-found-heading = Page not found
error-not-found-text = There is nothing at this address. Go back home and take it from there.

# Known networks (issue 21)
invalid-field-trusted-networks = trusted_networks
invalid-field-remembered-device-networks = remembered_device_networks
invalid-field-remember-device-networks = remember_device_networks
invalid-not-cidr = { $field }: { $block } is not a network in CIDR notation (203.0.113.0/24, 2001:db8::/48)
invalid-network-too-wide = { $field }: must be no wider than an IPv4 /8 or an IPv6 /16: a wider one is most of the Internet
