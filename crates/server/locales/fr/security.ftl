## La page Sécurité

sec-title = Sécurité
sec-2fa-heading = Authentification à deux facteurs
sec-managed-badge = Géré
sec-managed-before = Votre compte est géré par l’organisation
sec-managed-after = {" "}: ses propriétaires et administrateurs peuvent réinitialiser votre authentification à deux facteurs. Cela prend fin lorsque vous la quittez.
sec-unmanaged = Aucune organisation ne gère votre compte : personne d’autre que vous (et l’opérateur de ce serveur) ne peut réinitialiser votre authentification à deux facteurs.
sec-badge-off = Désactivée
sec-badge-on = Activée
sec-password-alone = Votre compte n’est protégé que par son mot de passe.
sec-codes-left = { $count ->
    [one] { $count } code de récupération restant.
   *[other] { $count } codes de récupération restants.
}
sec-methods-caption = Vos seconds facteurs
sec-col-method = Méthode
sec-col-added = Ajoutée le
sec-col-actions = Actions
sec-badge-default = Par défaut
sec-make-default = Utiliser par défaut
sec-remove = Supprimer
sec-kind-webauthn = clé de sécurité
sec-kind-push = application d’approbation
sec-kind-totp = application d’authentification
sec-kind-sms = code par SMS

sec-key-heading = Clé d’accès ou clé matérielle
sec-badge-recommended = Recommandé
sec-key-hint = La plus sûre : une clé USB ou NFC, ou la clé d’accès de votre appareil. Impossible à hameçonner : elle ne répond qu’à ce site.
sec-keys-added = { $count ->
    [one] { $count } ajoutée
   *[other] { $count } ajoutées
}
sec-none-yet = Aucune pour l’instant
sec-key-label = Nom de la nouvelle clé de sécurité
sec-key-default-name = Clé de sécurité
sec-key-add = Ajouter une clé de sécurité

sec-app-heading = Application d’authentification
sec-app-hint = Des codes à six chiffres générés par une application sur votre téléphone (n’importe laquelle, tant qu’elle est standard). Fonctionne hors ligne.
sec-apps-added = { $count ->
    [one] { $count } ajoutée
   *[other] { $count } ajoutées
}
sec-app-label = Nom de la nouvelle application d’authentification
sec-app-default-name = Application d’authentification
sec-app-add = Ajouter une application d’authentification

sec-push-heading = Appareil d’authentification
sec-push-hint = Approuvez les connexions depuis un appareil enregistré, en choisissant le nombre affiché.
sec-devices-added = { $count ->
    [one] { $count } ajouté
   *[other] { $count } ajoutés
}
sec-push-label = Nom du nouvel appareil d’authentification
sec-push-default-name = Appareil d’authentification
sec-push-add = Ajouter un appareil d’authentification

sec-sms-heading = Codes par SMS
sec-sms-hint = La moins sûre : les SMS peuvent être détournés. Une solution de repli quand rien d’autre ne convient.
sec-phones-added = { $count ->
    [one] { $count } ajouté
   *[other] { $count } ajoutés
}
sec-sms-phone-label = Numéro de mobile pour les codes par SMS
sec-sms-add = Ajouter un numéro de téléphone

sec-recovery-heading = Codes de récupération
sec-recovery-hint = Les nouveaux codes remplacent immédiatement les anciens.
sec-recovery-new = Générer de nouveaux codes de récupération
sec-off-heading = Désactiver l’authentification à deux facteurs

sec-app-passwords-heading = Mots de passe d’application
sec-app-passwords-hint = Pour les applications de messagerie et d’agenda qui ne savent pas demander de second facteur. Chacun n’est affiché qu’une fois.
sec-app-password-new = Votre nouveau mot de passe d’application (copiez-le maintenant, il ne sera plus affiché) :
sec-col-name = Nom
sec-col-created = Créé le
sec-col-last-used = Dernière utilisation
sec-never = jamais
sec-revoke = Révoquer
sec-app-password-label = Nom du nouveau mot de passe d’application
sec-app-password-create = Créer un mot de passe d’application

sec-email-heading = Adresse e-mail
sec-email-new = Nouvelle adresse e-mail
sec-email-hint = Nous envoyons un lien à la nouvelle adresse ; vous continuez à vous connecter avec l’adresse actuelle jusqu’à ce que vous l’ouvriez.
sec-email-password = Votre mot de passe (demandé seulement tant que le compte n’a pas de second facteur)
sec-email-submit = Changer d’adresse

sec-sessions-heading = Où vous êtes connecté
sec-sessions-link = Voir tous les navigateurs et applications connectés à votre compte
sec-sessions-after = {" "}et déconnecter ceux que vous ne reconnaissez pas.
sec-invitations-link = Vos invitations
sec-invitations-after = {" "}: rejoignez une organisation qui vous a invité, ou déclinez l’invitation.
sec-export-link = Télécharger vos données
sec-export-middle = (un fichier JSON, sans aucun secret) ou
sec-delete-link = supprimer votre compte
sec-export-end = .

sec-devices-heading = Appareils mémorisés
sec-devices-none = Aucun appareil ne saute la seconde étape.
sec-col-device = Appareil
sec-col-remembered = Mémorisé le
sec-col-until = Jusqu’au
sec-forget = Oublier

sec-reauth-heading = Confirmez votre identité
sec-reauth-text = Pour modifier vos seconds facteurs, un code datant de moins de 10 minutes est nécessaire.
sec-reauth-code = Code de votre application d’authentification
sec-reauth-submit = Confirmer

sec-req-reset = Votre authentification à deux facteurs a été réinitialisée : configurez un nouveau second facteur pour continuer.
sec-req-deadline = { $org } exige l’authentification à deux facteurs à partir du { $date }.
sec-req-now = { $org } exige l’authentification à deux facteurs : configurez-la pour continuer.

## Ajouter une application d’authentification

sec-totp-title = Ajouter une application d’authentification
sec-totp-step-1 = Ouvrez votre application d’authentification et ajoutez un compte.
sec-totp-step-2 = Scannez ce code, ou saisissez la clé ci-dessous.
sec-totp-step-3 = Saisissez le code à 6 chiffres affiché par l’application.
sec-totp-qr = Code QR pour votre application d’authentification
sec-totp-manual = Clé à saisir à la place :
sec-totp-code = Code de l’application
sec-totp-submit = Vérifier et activer
sec-totp-format = Saisissez les 6 chiffres affichés par l’application.
sec-totp-mismatch = Ce code ne correspond pas. Vérifiez l’heure de l’appareil et saisissez le code le plus récent.

## Ajouter une clé de sécurité

sec-webauthn-title = Ajouter une clé de sécurité
sec-webauthn-intro = Insérez ou déverrouillez votre clé de sécurité (ou utilisez la clé d’accès de cet appareil), puis appuyez sur le bouton. Votre navigateur vous demandera de toucher la clé.
sec-webauthn-submit = Utiliser ma clé de sécurité
sec-webauthn-noscript = L’ajout d’une clé de sécurité nécessite JavaScript : c’est le navigateur qui communique avec la clé.
sec-webauthn-no-answer = La clé de sécurité n’a pas répondu ({ $name }). Réessayez, ou utilisez une autre méthode.
sec-webauthn-not-added = La clé de sécurité n’a pas été ajoutée : { $reason } Réessayez.

## Ajouter un numéro de téléphone

sec-sms-title = Ajouter un numéro de téléphone
sec-sms-mobile = Numéro de mobile
sec-sms-phone-hint = Avec l’indicatif du pays, par exemple +41 79 123 45 67. Les codes ne sont envoyés qu’aux numéros de ces pays : { $countries }.
sec-sms-name = Nom du téléphone
sec-sms-send = M’envoyer un code par SMS
sec-sms-enter = Saisissez le code envoyé par SMS au { $phone }. Il est valable quelques minutes.
sec-sms-code = Code reçu par SMS
sec-sms-add-phone = Ajouter le téléphone
sec-sms-new-code = Envoyer un nouveau code
sec-sms-sent = Nous avons envoyé un code par SMS au { $phone }.
sec-sms-resent = Nous avons envoyé un nouveau code par SMS au { $phone }.
sec-sms-format = Saisissez les 6 chiffres du SMS.
sec-sms-mismatch = Ce code ne correspond pas à celui du SMS, ou il a expiré. Réessayez, ou demandez un nouveau code.
sec-back = Retour à la sécurité

## Ajouter un appareil d’authentification

sec-push-title = Ajouter un appareil d’authentification
sec-push-give = Transmettez ce lien à usage unique à l’appareil : scannez le code QR avec l’application ou, sur un ordinateur, exécutez
sec-push-qr = Code QR du lien d’enregistrement
sec-push-once = Le lien ne fonctionne qu’une fois, pendant 15 minutes.
sec-push-then = Saisissez ensuite le code à 6 chiffres affiché par l’appareil
sec-push-then-after = {" "}: il prouve que l’appareil vous appartient et fonctionne aussi lorsque l’appareil est hors ligne.
sec-push-code = Code de l’appareil
sec-push-submit = Ajouter l’appareil
sec-push-format = Saisissez les 6 chiffres affichés par l’appareil.
sec-push-mismatch = Ce code ne correspond pas. Saisissez le code le plus récent affiché par l’appareil.

## Codes de récupération

sec-codes-heading = Enregistrez vos codes de récupération
sec-codes-text = Si vous perdez votre application d’authentification, chacun de ces codes vous permet de vous connecter une fois. Ils ne sont affichés que maintenant : téléchargez-les ou imprimez-les, et conservez-les en lieu sûr.
sec-codes-print = Imprimer
sec-codes-download = Télécharger en .txt
sec-codes-continue = Je les ai enregistrés, continuer
sec-codes-file-title = Codes de récupération twofold pour { $email }

## Désactiver l’authentification à deux facteurs, supprimer une méthode

sec-off-question = Désactiver l’authentification à deux facteurs ?
sec-off-text = Vos méthodes et codes de récupération sont supprimés et les appareils mémorisés oubliés ; votre compte n’est alors plus protégé que par son mot de passe.
sec-off-submit = La désactiver
sec-off-keep = La garder activée
sec-remove-title = Supprimer une méthode
sec-remove-question = Supprimer « { $label } » ?
sec-remove-last = C’est votre dernier second facteur : l’authentification à deux facteurs sera désactivée.
sec-remove-others = Vous pourrez toujours vous connecter avec vos autres méthodes.
sec-remove-submit = Supprimer { $label }
sec-remove-keep = La conserver

## Où vous êtes connecté

sec-sessions-intro = Tous les navigateurs et applications connectés à votre compte. Si vous n’en reconnaissez pas un, déconnectez-le et changez votre mot de passe.
sec-col-browser = Navigateur ou application
sec-col-address = Adresse
sec-col-signed-in = Connecté le
sec-col-last-active = Dernière activité
sec-this-browser = (ce navigateur)
sec-step-pending = (seconde étape non validée)
sec-sign-out = Déconnecter
sec-sign-out-which = { $browser } depuis { $ip }
sec-sign-out-others = Déconnecter toutes les autres sessions
sec-sessions-ended = Cette session est déconnectée.
sec-sessions-others-ended = Toutes les autres sessions sont déconnectées.
sec-unknown-address = inconnue
sec-ua-on = { $browser } sur { $os }
sec-ua-a-browser-on = Un navigateur sur { $os }
sec-ua-unknown = Client inconnu

## Connexions en attente d’approbation

sec-requests-title = Connexions en attente de votre approbation
sec-requests-none = Aucune connexion n’attend votre approbation.
sec-request-heading = Connexion depuis { $from } le { $at }
sec-request-pick = Si c’est bien vous, choisissez le nombre affiché par cette connexion. Un mauvais nombre la refuse.
sec-request-deny = Refuser
sec-request-not-me = Ce n’était pas moi
sec-from-unknown = une adresse inconnue
sec-browser-unknown = un navigateur inconnu
sec-approved = Approuvée : la connexion se poursuit.
sec-denied = La connexion a été refusée.
sec-reported = La connexion a été refusée et signalée. Quelqu’un connaît votre mot de passe : changez-le maintenant.

## Supprimer le compte

sec-delete-title = Supprimer votre compte
sec-delete-question = Supprimer votre compte ?
sec-delete-text = La suppression de { $email } est définitive : vous quittez toutes les organisations, les applications connectées avec ce compte sont déconnectées, et vos méthodes, mots de passe d’application, appareils et sessions sont effacés. Les journaux d’audit des organisations conservent l’historique sous un pseudonyme. Le dernier propriétaire d’une organisation doit d’abord la transmettre.
sec-delete-export-link = Téléchargez vos données
sec-delete-export-after = d’abord (un fichier JSON, sans aucun secret).
sec-delete-password = Votre mot de passe
sec-delete-submit = Supprimer définitivement mon compte
sec-delete-keep = Garder mon compte
sec-delete-wrong-password = Le mot de passe est incorrect : rien n’a été supprimé.

## Une nouvelle adresse e-mail

sec-email-confirm-title = Confirmez votre nouvelle adresse
sec-email-confirm-text = Une fois la confirmation faite, vous vous connectez avec la nouvelle adresse et l’ancienne ne fonctionne plus. Votre ancienne adresse en est informée.
sec-email-confirm-submit = Utiliser la nouvelle adresse
sec-email-confirm-later = Pas maintenant
sec-email-wrong-password = Le mot de passe est incorrect : l’adresse n’a pas été changée.

## Invitations adressées au compte

sec-inv-none = Aucune invitation n’attend { $email }.
sec-inv-intro = Les organisations qui ont invité { $email }. Acceptez pour les rejoindre, ou déclinez : le lien de l’invitation cesse alors de fonctionner.
sec-inv-as = En tant que { $role }
sec-inv-as-external = En tant que { $role } (externe)
sec-inv-invited-by = { $terms }, invité par { $email }
sec-inv-valid = { $terms }. Valable jusqu’au { $date }.
sec-inv-manage-ask = { $org } demande à gérer votre compte :
sec-inv-manage-text = ses propriétaires et administrateurs pourraient réinitialiser votre authentification à deux facteurs (supprimer vos seconds facteurs, codes de récupération, mots de passe d’application et appareils mémorisés, et vous déconnecter partout). Une seule organisation peut gérer un compte ; cela prend fin lorsque vous la quittez.
sec-inv-manage-agree = J’accepte que { $org } gère mon compte
sec-inv-accept = Accepter
sec-inv-decline = Décliner
sec-inv-to = l’invitation de { $org }
sec-inv-by-link = Acceptez-la ou déclinez-la avec le lien de l’e-mail d’invitation : votre adresse n’a jamais été confirmée par un lien, cette page ne peut donc pas s’en porter garante.
sec-inv-setup-link = Configurez l’authentification à deux facteurs
sec-inv-setup-after = , puis revenez sur cette page.
sec-invitation-declined = L’invitation a été déclinée : son lien ne fonctionne plus.

## Clés d’accès (se connecter avec elles seules).
sec-kind-passkey = clé d’accès
sec-kind-passkey-synced = clé d’accès, synchronisée
sec-passkey-hint = Une clé d’accès vous connecte avec votre empreinte, votre visage ou le verrouillage de l’écran, sans mot de passe ni code, et elle ne peut pas être hameçonnée.
sec-passkey-add = Ajouter une clé d’accès
sec-passkey-default-name = Clé d’accès
sec-passkey-title = Ajouter une clé d’accès
sec-passkey-intro = Votre navigateur vous demandera de confirmer que c’est bien vous avec votre empreinte, votre visage, le verrouillage de l’écran ou le code PIN de votre clé de sécurité. La prochaine fois, connectez-vous avec la clé d’accès seule.
sec-passkey-submit = Créer ma clé d’accès

## L’offre d’une clé d’accès, une fois, après une connexion avec un code.
offer-passkey-title = Connectez-vous plus vite la prochaine fois
offer-passkey-text = Vous venez de saisir un code. Avec une clé d’accès, votre empreinte, votre visage ou le verrouillage de l’écran suffisent : ni mot de passe, ni code, et aucun faux site ne peut s’en servir.
offer-passkey-later = Pas maintenant
offer-passkey-once = Nous ne le demandons qu’une fois. Vous pouvez ajouter une clé d’accès à tout moment sur la page de sécurité.
# Turning 2FA off, when an organization requires it (said before the button).
sec-off-required-by = { $count ->
    [one] { $orgs } exige la double authentification de ses membres : vous ne pouvez pas la désactiver tant que vous en faites partie. Vous pouvez changer ou ajouter des méthodes.
   *[other] { $orgs } exigent la double authentification de leurs membres : vous ne pouvez pas la désactiver tant que vous en faites partie. Vous pouvez changer ou ajouter des méthodes.
}
# The link a guest gets beside an organization's requirement on the security page.
sec-req-leave = Ou, en tant qu’invité, quitter { $org } à la place.

# Known networks (issue 21)
sec-col-network = Réseau
sec-device-network-unknown = inconnu
sec-device-network-only = ce réseau seulement
sec-device-used-from = { $date } depuis { $address }
