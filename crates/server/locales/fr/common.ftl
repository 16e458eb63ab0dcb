month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.
date = { $day } { $month } { $year }
date-time = { $date } à { $time } UTC

language-en = English
language-fr = Français
language-de = Deutsch
language-it = Italiano

nav-main = Principal
nav-home = Accueil
nav-security = Sécurité
nav-sign-out = Se déconnecter
nav-sign-in = Se connecter
nav-sign-up = Créer un compte
approval-waiting = Une connexion à votre compte attend votre approbation : examinez-la

role-owner = propriétaire
role-legal-representative = représentant légal
role-admin = administrateur
role-member = membre
method-webauthn = clé de sécurité
method-push = approbation sur appareil
method-totp = application d’authentification
method-sms = code par SMS
# The label of the link back to where a page belongs.
crumbs-label = Vous êtes ici
# The first link of every page, for keyboards and screen readers.
skip-to-content = Aller au contenu
