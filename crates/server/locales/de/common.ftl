month-1 = Jan.
month-2 = Feb.
month-3 = März
month-4 = Apr.
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = Aug.
month-9 = Sept.
month-10 = Okt.
month-11 = Nov.
month-12 = Dez.
date = { $day }. { $month } { $year }
date-time = { $date }, { $time } UTC

language-en = English
language-fr = Français
language-de = Deutsch
language-it = Italiano

nav-main = Hauptmenü
nav-home = Start
nav-security = Sicherheit
nav-sign-out = Abmelden
nav-sign-in = Anmelden
nav-sign-up = Konto erstellen
approval-waiting = Eine Anmeldung bei Ihrem Konto wartet auf Ihre Freigabe: jetzt prüfen

role-owner = Inhaber
role-legal-representative = gesetzlicher Vertreter
role-admin = Administrator
role-member = Mitglied
method-webauthn = Sicherheitsschlüssel
method-push = Push-Freigabe
method-totp = Authenticator-App
method-sms = SMS-Code
# The label of the link back to where a page belongs.
crumbs-label = Sie sind hier
# The first link of every page, for keyboards and screen readers.
skip-to-content = Zum Inhalt springen
