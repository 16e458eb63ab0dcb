field-email = Adresse e-mail
field-password = Mot de passe

sign-in-title = Connexion
sign-in-resend-link = Renvoyer le lien de confirmation
sign-in-fresh = L’application à laquelle vous vous connectez vous demande de confirmer votre identité avec votre second facteur, même sur un navigateur mémorisé.
sign-in-remember = Rester connecté
sign-in-remember-hint = Sans cette case, vous êtes déconnecté à la fermeture du navigateur.
sign-in-submit = Se connecter
sign-in-forgot = Mot de passe oublié ?
sign-in-no-account = Pas encore de compte ?
sign-in-create-one = Créez-en un
sign-in-or-newcomer-link = , ou utilisez le lien pour les nouveaux venus de votre e-mail d’invitation : il crée votre compte et vous fait rejoindre l’organisation en une étape

continue-title = Continuer
continue-text = Vous êtes ramené là où vous alliez.

## Shared by the sign-up, reset, verification and newcomer pages.

field-name = Nom
field-new-password-hint = Au moins 10 caractères ; une longue phrase est idéale.
sign-in-back = Retour à la connexion
sign-in-bad-email = Saisissez votre adresse e-mail, par exemple ann@example.org.
sign-in-wrong = L’adresse e-mail ou le mot de passe est incorrect. Vérifiez les deux et réessayez.

## The error page of an app's sign-in request (OpenID Connect) that cannot be answered.

sign-in-request-heading = Cette demande de connexion ne peut pas aboutir
sign-in-request-text = { $why } Revenez à l’application et réessayez, ou prévenez son administrateur.
sign-in-request-why-malformed = Les paramètres de la demande sont mal formés (un paramètre donné deux fois ?).
sign-in-request-why-unknown-client = Cette application n’est pas enregistrée ici (client_id inconnu).
sign-in-request-why-no-redirect = L’application n’a pas envoyé de redirect_uri.
sign-in-request-why-unregistered-redirect = L’application demande une réponse à une adresse qu’elle n’a pas enregistrée (redirect_uri).

## The error page of a forward-auth link (a reverse proxy sent the browser) that cannot be followed.

sign-in-link-heading = Ce lien ne peut pas être suivi
sign-in-link-text = Le lien qui vous a mené ici demande à vous envoyer ailleurs ensuite, mais { $reason }. Revenez à l’application que vous vouliez ouvrir et réessayez depuis celle-ci.
sign-in-link-why-malformed = son adresse est absente ou mal formée
sign-in-link-why-scheme = son adresse n’est pas une adresse web (http ou https)
sign-in-link-why-credentials = son adresse contient un nom d’utilisateur ou un mot de passe
sign-in-link-why-host = il mène à un site auquel ce serveur ne connecte personne

## Sign-up

sign-up-title = Créer un compte
sign-up-submit = Créer le compte
sign-up-have-one = Vous avez déjà un compte ?
sign-up-sign-in = Connectez-vous

## Forgotten password

reset-title = Mot de passe oublié
reset-sent = Si un compte utilise cette adresse, un e-mail contenant un lien pour choisir un nouveau mot de passe est en route. Le lien fonctionne une seule fois, pendant 30 minutes.
reset-intro = Saisissez l’adresse de votre compte : nous vous enverrons par e-mail un lien pour choisir un nouveau mot de passe. Votre second facteur vous sera toujours demandé à la connexion.
reset-submit = M’envoyer un lien
reset-new-title = Choisir un nouveau mot de passe
reset-new-intro = Toutes les sessions de votre compte seront déconnectées et les appareils mémorisés oubliés. Si votre compte utilise l’authentification à deux facteurs, votre second facteur vous sera demandé à la connexion.
reset-new-password = Nouveau mot de passe
reset-new-submit = Enregistrer le nouveau mot de passe

## Confirming a new account's address

verify-title = Confirmer votre adresse e-mail
verify-intro = Plus qu’une étape : saisissez le mot de passe choisi lors de votre inscription, et votre compte est prêt. Si vous ne vous êtes pas inscrit, fermez cette page : il ne se passera rien.
verify-your-password = Votre mot de passe
verify-submit = Confirmer mon adresse
verify-sent = Si un compte attend la confirmation de cette adresse, un e-mail contenant un nouveau lien est en route. Seul le lien le plus récent fonctionne.
verify-invalid = Ce lien ne fonctionne plus : il a déjà été utilisé, un lien plus récent a été envoyé, ou le compte a expiré (un compte non confirmé sous 7 jours est supprimé ; inscrivez-vous à nouveau). Si vous avez déjà confirmé votre adresse,
verify-invalid-sign-in = connectez-vous
verify-resend-intro = Saisissez l’adresse utilisée lors de votre inscription : nous vous enverrons par e-mail un nouveau lien pour la confirmer.
verify-resend-submit = M’envoyer un nouveau lien
verify-wrong-password = Ce n’est pas le mot de passe du compte que ce lien confirme. Si vous ne vous êtes pas inscrit au moment indiqué dans l’e-mail, quelqu’un d’autre l’a fait : ignorez le lien.

## The second step of signing in

step-title = Deuxième étape
step-heading = Confirmez votre identité
step-remember = Mémoriser cet appareil
step-use-key = Utiliser ma clé de sécurité
step-push-intro = Votre appareil d’authentification, ainsi que chaque navigateur où vous êtes connecté avec un second facteur, recevront une demande d’approbation de cette connexion. Cette page affichera un nombre : choisissez le même là-bas.
step-push-submit = Envoyer une demande d’approbation
step-sms-send = M’envoyer un code par SMS
step-recovery-label = Code de récupération
step-recovery-hint = L’un des codes que vous avez enregistrés lors de la configuration de l’authentification à deux facteurs. Chacun ne fonctionne qu’une fois.
step-sms-label = Code reçu par SMS au { $label }
step-sms-hint = Appuyez sur « M’envoyer un code par SMS », puis saisissez les 6 chiffres du SMS. Chaque code ne fonctionne qu’une fois, pendant quelques minutes.
step-code-label = Code de { $label }
step-device-hint = Le code à 6 chiffres affiché par votre appareil d’authentification, même hors ligne
step-totp-hint = Le code à 6 chiffres affiché actuellement par votre application d’authentification.
step-continue = Continuer
step-other = Utiliser une autre méthode
step-other-recovery = Un code de récupération
step-other-key = Votre clé de sécurité
step-other-approval = Approuver sur votre appareil ou dans un navigateur connecté
step-other-approval-kind = approbation sur appareil
step-other-device-code = un code de l’appareil
step-not-approved = La connexion n’a pas été approuvée : elle a été refusée, le mauvais nombre a été choisi, ou elle a expiré. Envoyez une nouvelle demande ou utilisez une autre méthode.
step-wrong-code = Ce code est incorrect, expiré ou déjà utilisé. Essayez le code le plus récent.
step-sms-sent = Nous avons envoyé un code par SMS au { $phone }. Il fonctionne pendant quelques minutes.

## Waiting for a push approval

push-wait-title = Approuvez cette connexion
push-wait-intro = Sur votre appareil d’authentification, ou dans un navigateur où vous êtes connecté, choisissez ce nombre :
push-wait-number = Le nombre à choisir : { $number }
push-wait-waiting = En attente de l’approbation… La demande expire dans deux minutes.
push-wait-check = Vérifier à nouveau

## An organization requires two-factor authentication

setup-required-title = Configurer l’authentification à deux facteurs
setup-required-heading = Configurez l’authentification à deux facteurs pour continuer
setup-required-reset = Votre authentification à deux facteurs a été réinitialisée. Configurez un nouveau second facteur avant de continuer : d’ici là, votre compte ne peut rien faire d’autre, ni sur ce site ni dans aucune application.
setup-required-org = exige l’authentification à deux facteurs de ses membres.
setup-required-org-from = exige l’authentification à deux facteurs de ses membres à partir du { $date }.
setup-required-external = Vous êtes membre externe : vous pouvez plutôt quitter cette organisation.
setup-required-leave = Quitter { $org }
setup-required-set-up = Configurer l’authentification à deux facteurs
setup-required-apps-keep = Les applications de bureau et mobiles déjà connectées, ainsi que les mots de passe d’application, continuent de fonctionner en attendant.

## A newcomer joins an organization from an invitation email

join-title = Rejoindre { $org }
join-invited = Vous êtes invité à rejoindre l’organisation
join-invited-as = en tant que { $role }. Créez votre compte twofold pour accepter : l’invitation a été envoyée à
join-invited-no-confirm = , cette adresse n’a donc pas besoin d’être confirmée.
join-submit = Créer mon compte et rejoindre
join-have-account = Vous avez déjà un compte ?
join-sign-in = Connectez-vous pour accepter
join-email-taken = Un compte utilise déjà cette adresse : connectez-vous pour accepter l’invitation.

## An invitation that asks to manage the account

consent-asks = { $org } demande à gérer votre compte.
consent-explain = Si vous acceptez, ses propriétaires et administrateurs pourront réinitialiser votre authentification à deux facteurs : supprimer vos seconds facteurs et codes de récupération, révoquer vos mots de passe d’application et appareils mémorisés, et vous déconnecter partout. Vous devrez alors configurer un nouveau second facteur à votre prochaine connexion.
consent-hint = Une seule organisation peut gérer un compte. La gestion prend fin lorsque vous quittez l’organisation. Sans votre consentement, vous ne pouvez pas accepter cette invitation ; demandez-en plutôt une sans gestion.
consent-agree = J’accepte que { $org } gère mon compte et puisse réinitialiser mon authentification à deux facteurs

## An app asks to sign out (OpenID Connect logout)

end-session-title = Se déconnecter
end-session-heading = Se déconnecter de twofold ?
end-session-intro = Une application a demandé à vous déconnecter. La déconnexion met fin à votre session ici et dans les applications auxquelles vous vous êtes connecté par son intermédiaire.
end-session-submit = Se déconnecter
end-session-stay = Rester connecté
end-session-why-retry = Réessayez dans un instant.
end-session-why-foreign-hint = L’id_token_hint n’a pas été émis par ce serveur.
end-session-why-client-differs = Le client_id diffère de celui de l’id_token_hint.
end-session-why-no-client = Le post_logout_redirect_uri exige l’id_token_hint ou le client_id de l’application.
end-session-why-unregistered = Le post_logout_redirect_uri n’est pas enregistré pour cette application.

## Se connecter avec une clé d’accès.
sign-in-passkey = Se connecter avec une clé d’accès
sign-in-passkey-or = Ou avec votre adresse e-mail et votre mot de passe :
sign-in-passkey-no-answer = Aucune clé d’accès n’a répondu ({ $name }). Réessayez, ou utilisez votre adresse e-mail et votre mot de passe.
sign-in-passkey-failed = Cette clé d’accès ne vous a pas connecté. Réessayez, ou utilisez votre adresse e-mail et votre mot de passe.
# The sign-in page on the way to an invitation.
sign-in-invited = Vous êtes invité à rejoindre { $org } en tant que { $role }. Connectez-vous avec { $email } pour répondre, ou créez un compte avec cette adresse.

# Known networks (issue 21)
step-remember-network = Sur ce réseau seulement
step-remember-network-hint = Avec ceci, il ne saute cette étape que lorsque vous vous connectez depuis ce réseau ; depuis ailleurs, elle est demandée à nouveau.
step-new-network = Ce navigateur est mémorisé, mais pas pour le réseau depuis lequel vous vous connectez : la deuxième étape est donc demandée. Nous vous avons envoyé un e-mail à ce sujet.
