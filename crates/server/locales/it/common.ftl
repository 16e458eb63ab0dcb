month-1 = gen
month-2 = feb
month-3 = mar
month-4 = apr
month-5 = mag
month-6 = giu
month-7 = lug
month-8 = ago
month-9 = set
month-10 = ott
month-11 = nov
month-12 = dic
date = { $day } { $month } { $year }
date-time = { $date }, { $time } UTC

language-en = English
language-fr = Français
language-de = Deutsch
language-it = Italiano

nav-main = Principale
nav-home = Home
nav-security = Sicurezza
nav-sign-out = Esci
nav-sign-in = Accedi
nav-sign-up = Crea un account
approval-waiting = Un accesso al tuo account attende la tua approvazione: verificalo

role-owner = proprietario
role-legal-representative = rappresentante legale
role-admin = amministratore
role-member = membro
method-webauthn = chiave di sicurezza
method-push = approvazione push
method-totp = app di autenticazione
method-sms = codice SMS
# The label of the link back to where a page belongs.
crumbs-label = Ti trovi qui
# The first link of every page, for keyboards and screen readers.
skip-to-content = Vai al contenuto
