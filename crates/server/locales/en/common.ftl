# Shared by every page and email: dates, the layout, the language picker.

month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
# A date: day, short month name, year.
date = { $day } { $month } { $year }
# A moment: the date, then hours:minutes.
date-time = { $date }, { $time } UTC

language-en = English
language-fr = Français
language-de = Deutsch
language-it = Italiano

nav-main = Main
nav-home = Home
nav-security = Security
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-sign-up = Create an account
approval-waiting = A sign-in to your account is waiting for your approval: review it

# A member's role, as pages and emails name it (lower case, inside sentences).
role-owner = owner
role-legal-representative = legal representative
role-admin = admin
role-member = member
# A kind of second factor (lower case, inside sentences).
method-webauthn = security key
method-push = push approval
method-totp = authenticator app
method-sms = SMS code
# The label of the link back to where a page belongs.
crumbs-label = Where you are
# The first link of every page, for keyboards and screen readers.
skip-to-content = Skip to the content
