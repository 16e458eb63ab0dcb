# The confirmations a page shows after an action (a green line above the page).

flash-signed-out = You are signed out.
flash-email-link-sent = A link is on its way to the new address: open it, signed in here, to confirm.
flash-email-changed = Your address is changed: sign in with the new one from now on.
flash-password-reset = Your password is changed. Sign in with it (and your second factor, if you have one).
flash-account-created = Your account is ready. Sign in to continue.
flash-account-deleted = Your account is deleted. Thank you for having used twofold.
flash-verify-sent = Almost there: open the link we emailed you to confirm your address, then sign in here.
flash-email-verified-in = Your address is confirmed, and you are signed in.
flash-email-verified = Your address is confirmed and your account is ready. Sign in to continue.
flash-method-added = Two-factor authentication is on. Keep your recovery codes safe.
# A second factor (an authenticator app, a security key…) was removed.
flash-method-removed = The method was removed.
flash-default-changed = The default method was changed.
# The person confirmed it is them (password or second factor) before a sensitive change.
flash-confirmed = Confirmed. You can make your change now.
flash-left = You left the organization.
flash-mfa-off = Two-factor authentication is off.
flash-app-password-revoked = The app password was revoked.
# A remembered device (browser) was forgotten.
flash-device-forgotten = The device was forgotten: it will be asked for the second step.
