# Signing up, in and out; the second step; public invitation pages.

field-email = Email
field-password = Password

sign-in-title = Sign in
sign-in-resend-link = Send the confirmation link again
sign-in-fresh = The app you are signing in to asks you to confirm it is you with your second factor, even on a browser that is remembered.
sign-in-remember = Keep me signed in
sign-in-remember-hint = Unticked, you are signed out when the browser closes.
sign-in-submit = Sign in
sign-in-forgot = Forgot your password?
sign-in-no-account = No account yet?
sign-in-create-one = Create one
# Follows "Create one" when the person came from an invitation link.
sign-in-or-newcomer-link = , or use the link for newcomers in your invitation email: it creates your account and joins in one step

continue-title = Continue
continue-text = You are being taken back to where you were going.

## Shared by the sign-up, reset, verification and newcomer pages.

field-name = Name
# Under a new password's field.
field-new-password-hint = At least 10 characters; a long phrase is best.
sign-in-back = Back to sign in
sign-in-bad-email = Enter your email address, like ann@example.org.
sign-in-wrong = The email or password is wrong. Check both and try again.

## The error page of an app's sign-in request (OpenID Connect) that cannot be answered.

sign-in-request-heading = This sign-in request cannot be answered
# $why is one of the sign-in-request-why-* or end-session-why-* sentences.
sign-in-request-text = { $why } Go back to the app and try again, or tell its administrator.
sign-in-request-why-malformed = The request's parameters are malformed (a parameter given twice?).
sign-in-request-why-unknown-client = This app is not registered here (unknown client_id).
sign-in-request-why-no-redirect = The app sent no redirect_uri.
sign-in-request-why-unregistered-redirect = The app asked to be answered at an address it did not register (redirect_uri).

## The error page of a forward-auth link (a reverse proxy sent the browser) that cannot be followed.

sign-in-link-heading = This link cannot be followed
# $reason is one of the sign-in-link-why-* phrases.
sign-in-link-text = The link that brought you here asks to send you on afterwards, but { $reason }. Go back to the app you wanted to open and try again from there.
sign-in-link-why-malformed = its address is missing or malformed
sign-in-link-why-scheme = its address is not a web address (http or https)
sign-in-link-why-credentials = its address carries a user name or password
sign-in-link-why-host = it leads to a site this server does not sign people in to

## Sign-up

sign-up-title = Create an account
sign-up-submit = Create the account
sign-up-have-one = Already have one?
sign-up-sign-in = Sign in

## Forgotten password

reset-title = Forgot your password
reset-sent = If an account has this address, an email with a link to choose a new password is on its way. The link works once, for 30 minutes.
reset-intro = Enter the address of your account: we will email you a link to choose a new password. Your second factor is still asked when you sign in.
reset-submit = Email me a link
reset-new-title = Choose a new password
reset-new-intro = Every session of your account will be signed out and remembered devices forgotten. If your account has two-factor authentication, you will pass your second factor when you sign in.
reset-new-password = New password
reset-new-submit = Set the new password

## Confirming a new account's address

verify-title = Confirm your email address
verify-intro = One step left: enter the password you chose when you signed up, and your account is ready. If you did not sign up, close this page: nothing happens.
verify-your-password = Your password
verify-submit = Confirm my address
verify-sent = If an account is waiting for this address to be confirmed, an email with a new link is on its way. Only the newest link works.
# Followed by a link "sign in" and a full stop.
verify-invalid = This link no longer works: it was used already, a newer one was sent, or the account expired (an account not confirmed within 7 days is deleted; sign up again). If you confirmed your address already,
verify-invalid-sign-in = sign in
verify-resend-intro = Enter the address you signed up with: we will email you a new link to confirm it.
verify-resend-submit = Send me a new link
verify-wrong-password = That is not the password of the account this link confirms. If you did not sign up at the time the email names, someone else did: ignore the link.

## The second step of signing in

step-title = Second step
step-heading = Confirm it's you
step-remember = Remember this device
step-use-key = Use my security key
step-push-intro = Your authenticator device, and every browser where you are signed in with a second factor, will be asked to approve this sign-in. This page will show a number: pick the same one there.
step-push-submit = Send an approval request
# A button: sends a code by SMS.
step-sms-send = Text me a code
step-recovery-label = Recovery code
step-recovery-hint = One of the codes you saved when you set up two-factor authentication. Each works once.
# $label is the name the person gave their phone number.
step-sms-label = Code from the text to { $label }
# Names the button step-sms-send.
step-sms-hint = Press "Text me a code", then type the 6 digits of the text. Each code works once, for a few minutes.
# $label is the name the person gave their authenticator app or device.
step-code-label = Code from { $label }
# Followed by the command that shows the code, in brackets.
step-device-hint = The 6-digit code your authenticator device shows, also when it is offline
step-totp-hint = The 6-digit code your authenticator app shows now.
step-continue = Continue
step-other = Use another method
step-other-recovery = A recovery code
step-other-key = Your security key
step-other-approval = Approve on your device or in a signed-in browser
# In brackets after step-other-approval.
step-other-approval-kind = push approval
# In brackets after the name of an authenticator device.
step-other-device-code = a code from the device
step-not-approved = The sign-in was not approved: it was denied, the wrong number was picked, or it expired. Send a new request, or use another method.
step-wrong-code = That code is wrong, expired or already used. Try the newest code.
step-sms-sent = We texted a code to { $phone }. It works for a few minutes.

## Waiting for a push approval

push-wait-title = Approve this sign-in
push-wait-intro = On your authenticator device, or in a browser where you are signed in, pick this number:
# Read by screen readers for the big number shown.
push-wait-number = The number to pick: { $number }
push-wait-waiting = Waiting for the approval… The request expires in two minutes.
push-wait-check = Check again

## An organization requires two-factor authentication

setup-required-title = Set up two-factor authentication
setup-required-heading = Set up two-factor authentication to continue
setup-required-reset = Your two-factor authentication was reset. Set up a new second factor before you continue: until you do, your account can do nothing else, on this site or in any app.
# Follows the organization's name, in bold.
setup-required-org = requires two-factor authentication of its members.
# Follows the organization's name, in bold; $date is the day the requirement starts.
setup-required-org-from = requires two-factor authentication of its members, from { $date }.
setup-required-external = You are an external member: you may leave this organization instead.
setup-required-leave = Leave { $org }
setup-required-set-up = Set up two-factor authentication
setup-required-apps-keep = Desktop and mobile apps signed in before, and app passwords, keep working in the meantime.

## A newcomer joins an organization from an invitation email

join-title = Join { $org }
# The sentence reads: join-invited, the organization's name in bold, join-invited-as, the email address in bold, join-invited-no-confirm.
join-invited = You are invited to join the organization
# $role is a role's name (owner, admin, member…).
join-invited-as = as { $role }. Create your twofold account to accept: the invitation came to
join-invited-no-confirm = , so that address needs no further confirmation.
join-submit = Create my account and join
join-have-account = Already have an account?
join-sign-in = Sign in to accept
join-email-taken = An account has this address already: sign in to accept the invitation.

## An invitation that asks to manage the account

# In bold, before consent-explain.
consent-asks = { $org } asks to manage your account.
consent-explain = If you agree, its owners and administrators will be able to reset your two-factor authentication: remove your second factors and recovery codes, revoke your app passwords and remembered devices, and sign you out everywhere. You would then have to set up a new second factor at your next sign-in.
consent-hint = Only one organization can manage an account. It stops when you leave the organization. Without your consent you cannot accept this invitation; ask for one without management instead.
consent-agree = I agree that { $org } manages my account and may reset my two-factor authentication

## An app asks to sign out (OpenID Connect logout)

end-session-title = Sign out
end-session-heading = Sign out of twofold?
end-session-intro = An app asked to sign you out. Signing out ends your session here and in the apps you signed in to through it.
end-session-submit = Sign out
end-session-stay = Stay signed in
# Why a sign-out request cannot be answered: placed as $why in sign-in-request-text.
end-session-why-retry = try again in a moment
end-session-why-foreign-hint = the id_token_hint was not issued by this server
end-session-why-client-differs = client_id differs from the id_token_hint's
end-session-why-no-client = post_logout_redirect_uri needs the app's id_token_hint or client_id
end-session-why-unregistered = post_logout_redirect_uri is not registered for this app

## Signing in with a passkey.
sign-in-passkey = Sign in with a passkey
sign-in-passkey-or = Or with your email and password:
# { $name } is the browser's name for what went wrong.
sign-in-passkey-no-answer = No passkey answered ({ $name }). Try again, or use your email and password.
sign-in-passkey-failed = That passkey did not sign you in. Try again, or use your email and password.
# The sign-in page on the way to an invitation.
sign-in-invited = You were invited to join { $org } as { $role }. Sign in with { $email } to answer, or create an account with that address.

# Known networks (issue 21)
step-remember-network = On this network only
step-remember-network-hint = With this, it skips this step only when you sign in from this network; from anywhere else, this step is asked again.
step-new-network = This browser is remembered, but not for the network you are signing in from, so the second step is asked. We emailed you about it.
