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
