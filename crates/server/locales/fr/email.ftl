# E-mails et SMS. Chaque message est un paragraphe d’e-mail, sur une seule ligne.

mail-hello = Bonjour,
mail-api = Ou avec l’API : { $request }
mail-api-with = Ou avec l’API : { $request } avec { $json }
mail-contact-owners = Si vous ne vous y attendiez pas, contactez les propriétaires de l’organisation.

mail-method-webauthn = clé de sécurité
mail-method-push = application d’approbation push
mail-method-totp = application d’authentification
mail-method-sms = code par SMS

## Invitations

mail-invitation-subject = Invitation à rejoindre l’organisation { $org } sur twofold
mail-invitation-invited = La personne nommée { $inviter } vous invite à rejoindre l’organisation { $org } avec le rôle { $role }.
mail-invitation-requires-mfa = L’organisation { $org } exige l’authentification à deux facteurs : configurez un second facteur (une application d’authentification ou une clé de sécurité) sur votre compte avant d’accepter.
mail-invitation-manage = L’organisation { $org } demande aussi à gérer votre compte. Si vous l’acceptez (la question vous sera posée au moment d’accepter), ses propriétaires et administrateurs pourront réinitialiser votre authentification à deux facteurs : supprimer vos seconds facteurs et codes de récupération, révoquer vos mots de passe d’application et vos appareils mémorisés, et vous déconnecter partout. Une seule organisation peut gérer un compte, et cela prend fin lorsque vous la quittez. Pour accepter avec l’API, envoyez { $json }.
mail-invitation-accept = Acceptez l’invitation ici :
mail-invitation-join = Nouveau sur twofold ? Créez votre compte et rejoignez l’organisation en une seule étape (le lien ne fonctionne que pour cette adresse et pour vous seul : ne le partagez pas) :
mail-invitation-expires = L’invitation expire le { $expires }. Si vous ne l’attendiez pas, ignorez cet e-mail.

## Memberships

mail-role-changed-subject = Votre rôle dans l’organisation { $org } a changé
mail-role-changed = Votre rôle dans l’organisation { $org } est désormais : { $role }.
mail-removed-subject = Vous avez été retiré de l’organisation { $org }
mail-removed = Vous n’êtes plus membre de l’organisation { $org }.

## Links

mail-verify-subject = Confirmez votre adresse e-mail
mail-verify-confirm = Quelqu’un s’est inscrit sur twofold avec cette adresse le { $at }. Si c’était vous, confirmez que cette adresse est bien la vôtre pour terminer la création de votre compte (la page vous demandera le mot de passe que vous avez choisi ; le lien ne fonctionne qu’une fois, jusqu’au { $until }) :
mail-verify-ignore = Si vous ne vous êtes pas inscrit à ce moment-là, ignorez cet e-mail : un compte dont l’adresse n’est pas confirmée est supprimé au bout de { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } et ne peut jamais se connecter.
mail-email-change-subject = Confirmez votre nouvelle adresse twofold
mail-email-change-confirm = Un compte twofold a demandé à utiliser cette adresse. Connecté à ce compte, confirmez-la ici (le lien ne fonctionne qu’une fois, jusqu’au { $until }) :
mail-email-change-ignore = Si vous n’avez rien demandé, ignorez cet e-mail : rien ne change.
mail-reset-subject = Réinitialisez votre mot de passe twofold
mail-reset-choose = Quelqu’un a demandé à réinitialiser le mot de passe du compte twofold de cette adresse. Choisissez un nouveau mot de passe ici (le lien ne fonctionne qu’une fois, jusqu’au { $until }) :
mail-reset-effects = Un nouveau mot de passe ferme toutes les sessions et oublie les appareils mémorisés. Si votre compte utilise l’authentification à deux facteurs, votre second facteur vous sera toujours demandé lors de votre prochaine connexion.
mail-reset-ignore = Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe reste inchangé.

## A manager's security review of a member's account

mail-alert-subject = Vérification de la sécurité de votre compte, de la part de { $org }
mail-alert-review = { $sender }, gestionnaire de l’organisation { $org }, vous demande de vérifier la sécurité de votre compte twofold. Voici où il en est :
mail-alert-advice = Si un élément ci-dessus ne vous appartient pas (une méthode, un mot de passe d’application, un appareil), supprimez-le depuis la page de sécurité de votre compte : { $url }. Si l’authentification à deux facteurs est désactivée, activez-la sur cette page.
mail-summary-mfa-off = Authentification à deux facteurs : DÉSACTIVÉE. Votre compte n’est protégé que par son mot de passe.
mail-summary-methods = Méthodes à deux facteurs :
mail-summary-method = { $method } « { $label } », depuis le { $added }
mail-summary-codes-left = Codes de récupération restants : { $count }
mail-summary-app-passwords = Mots de passe d’application : { $count }
mail-summary-app-password = « { $label } », créé le { $created }, dernière utilisation le { $used }
mail-summary-app-password-unused = « { $label } », créé le { $created }, jamais utilisé
mail-summary-devices = Appareils mémorisés : { $count }
mail-summary-device = « { $label } », mémorisé le { $remembered }, dernière utilisation le { $used }

## Reminders to set up two-factor authentication

mail-reminder-asks-subject = Rappel : { $org } vous demande de configurer l’authentification à deux facteurs
mail-reminder-requires-subject = Rappel : { $org } exige l’authentification à deux facteurs
mail-reminder-asks = L’organisation { $org } demande à ses membres de configurer l’authentification à deux facteurs, et votre compte n’a pas encore de second facteur qu’elle accepte.
mail-reminder-requires = L’organisation { $org } exige de ses membres l’authentification à deux facteurs, et votre compte n’a pas encore de second facteur qu’elle accepte.
mail-reminder-quick = Cela prend deux minutes.
mail-reminder-before = Configurez-la avant le { $deadline } ; passé ce délai, la console web vous bloquera tant que ce ne sera pas fait.
mail-reminder-stopped = Tant que vous ne l’avez pas configurée, la console web vous bloque ; les applications de bureau et mobiles continuent de fonctionner.
mail-reminder-add = Ajoutez une application d’authentification ou une clé de sécurité depuis la page de sécurité de votre compte : { $url }
mail-announce-subject = { $org } exige l’authentification à deux facteurs
mail-announce-now = L’organisation { $org } exige désormais de ses membres l’authentification à deux facteurs.
mail-announce-from = L’organisation { $org } exige de ses membres l’authentification à deux facteurs à partir du { $date }.
mail-announce-set-up = Configurez un second facteur (une application d’authentification ou une clé de sécurité) depuis la page de sécurité de votre compte : { $url }
mail-announce-until = D’ici là, la console web vous bloquera, tout comme une nouvelle connexion depuis une application ; les applications de bureau et mobiles déjà connectées, ainsi que les mots de passe d’application, continuent de fonctionner.

## Security notices

mail-notice-when = Date : { $at }
mail-notice-advice = Si c’était vous, vous n’avez rien à faire. Sinon, changez immédiatement votre mot de passe et vérifiez les méthodes à deux facteurs, les mots de passe d’application et les appareils mémorisés sur la page de sécurité de votre compte.

mail-notice-method-added = Un second facteur a été ajouté à votre compte twofold : { $method } « { $label } ».
    .subject = Une méthode à deux facteurs a été ajoutée à votre compte
mail-notice-default-method = La méthode { $method } (« { $label } ») est désormais celle proposée en premier lorsque vous vous connectez.
    .subject = Votre méthode à deux facteurs par défaut a changé
mail-notice-method-removed = La méthode { $method } (« { $label } ») a été supprimée de votre compte twofold.
    .subject = Une méthode à deux facteurs a été supprimée de votre compte
mail-notice-last-method-removed = La méthode { $method } (« { $label } ») a été supprimée de votre compte twofold. C’était la dernière : l’authentification à deux facteurs est désormais désactivée.
    .subject = Une méthode à deux facteurs a été supprimée de votre compte
mail-notice-mfa-off = L’authentification à deux facteurs a été désactivée sur votre compte twofold : ses méthodes et codes de récupération ont été supprimés et les appareils mémorisés oubliés.
    .subject = L’authentification à deux facteurs a été désactivée
mail-notice-recovery-codes = Une nouvelle série de codes de récupération a été créée pour votre compte twofold ; les codes précédents ne fonctionnent plus.
    .subject = De nouveaux codes de récupération ont été créés
mail-notice-reset-by-operator = Un opérateur de ce serveur twofold a réinitialisé l’authentification à deux facteurs de votre compte : ses méthodes et codes de récupération ont été supprimés, les appareils mémorisés oubliés et toutes les sessions fermées. Connectez-vous et configurez un nouveau second facteur : d’ici là, votre compte (mots de passe d’application compris) ne peut rien faire d’autre.
    .subject = Votre authentification à deux facteurs a été réinitialisée
mail-notice-reset-by-manager = { $manager }, gestionnaire de l’organisation { $org }, qui gère votre compte, a réinitialisé l’authentification à deux facteurs de votre compte : ses méthodes et codes de récupération ont été supprimés, ses mots de passe d’application révoqués, ses appareils mémorisés oubliés et toutes les sessions fermées. Connectez-vous avec votre mot de passe et configurez un nouveau second facteur : d’ici là, votre compte ne peut rien faire d’autre.
    .subject = Votre authentification à deux facteurs a été réinitialisée
mail-notice-app-password-created = Un mot de passe d’application nommé « { $label } » a été créé sur votre compte twofold. Les outils de synchronisation peuvent se connecter avec lui jusqu’à ce que vous le révoquiez.
    .subject = Un mot de passe d’application a été créé
mail-notice-app-password-revoked = Un mot de passe d’application de votre compte twofold a été révoqué ; les outils de synchronisation qui l’utilisent ne peuvent plus se connecter.
    .subject = Un mot de passe d’application a été révoqué
mail-notice-device-remembered = Un navigateur ({ $label }) a été mémorisé sur votre compte twofold : les connexions depuis ce navigateur sautent la deuxième étape pendant { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    }. Vous pouvez l’oublier depuis la page de sécurité de votre compte.
    .subject = Un navigateur sautera la deuxième étape
mail-notice-totp-replayed = Une connexion à votre compte twofold a présenté un code de votre application d’authentification déjà utilisé, et elle a été refusée. Si vous n’avez pas simplement saisi deux fois le même code, quelqu’un a peut-être vu ou hameçonné votre code et connaît votre mot de passe : changez votre mot de passe.
    .subject = Un code de votre application d’authentification a été utilisé deux fois
mail-notice-key-cloned = Une connexion à votre compte twofold a utilisé l’une de vos clés de sécurité, mais le compteur de signatures de la clé a reculé : une copie de la clé existe peut-être. La connexion a été refusée. Supprimez cette clé depuis la page de sécurité de votre compte et enregistrez-en une nouvelle.
    .subject = L’une de vos clés de sécurité a peut-être été copiée
mail-notice-recovery-code-used = Un code de récupération a été utilisé pour vous connecter à votre compte twofold. Chaque code ne fonctionne qu’une fois ; il vous en reste { $left }. Si vous avez perdu votre second facteur, configurez-en un nouveau et créez de nouveaux codes de récupération.
    .subject = Un code de récupération a été utilisé pour vous connecter
mail-notice-second-step-locked = Quelqu’un qui connaît votre mot de passe a saisi { $failures } codes de second facteur erronés d’affilée : la deuxième étape de connexion à votre compte twofold est donc bloquée pour le moment. Si ce n’était pas vous, changez immédiatement votre mot de passe : quelqu’un d’autre le connaît.
    .subject = Votre deuxième étape est bloquée après trop de codes erronés
mail-notice-push-reported = Vous avez signalé une connexion à votre compte twofold comme ne venant pas de vous, et elle a été refusée. Elle provenait de { $from }, avec votre mot de passe : quelqu’un d’autre le connaît. Changez votre mot de passe dès maintenant. Les demandes d’approbation envoyées à vos appareils sont suspendues pendant une heure.
    .subject = Une connexion que vous n’avez pas faite a été bloquée
mail-notice-push-reported-unknown = Vous avez signalé une connexion à votre compte twofold comme ne venant pas de vous, et elle a été refusée. Elle provenait d’une adresse inconnue, avec votre mot de passe : quelqu’un d’autre le connaît. Changez votre mot de passe dès maintenant. Les demandes d’approbation envoyées à vos appareils sont suspendues pendant une heure.
    .subject = Une connexion que vous n’avez pas faite a été bloquée
mail-notice-password-changed = Le mot de passe de votre compte twofold a été modifié. Vos autres sessions ont été fermées et les appareils mémorisés oubliés.
    .subject = Votre mot de passe a été modifié
mail-notice-password-reset = Le mot de passe de votre compte twofold a été réinitialisé à l’aide d’un lien envoyé à cette adresse. Toutes les sessions ont été fermées et les appareils mémorisés oubliés ; vos seconds facteurs sont inchangés.
    .subject = Votre mot de passe a été réinitialisé
mail-notice-address-taken = Un compte twofold a demandé à utiliser cette adresse, mais un compte l’utilise déjà : rien n’a changé. Si ce compte est le vôtre, vous n’avez rien à faire.
    .subject = Quelqu’un a tenté de déplacer un compte twofold vers cette adresse
mail-notice-address-changing = Le changement de l’adresse de votre compte twofold pour { $new } a été demandé ; il aura lieu à l’ouverture du lien envoyé à cette adresse. Si ce n’était pas vous, réinitialisez immédiatement votre mot de passe ({ $url }/password-reset) : un nouveau mot de passe annule le changement et déconnecte tout le monde.
    .subject = L’adresse de votre compte twofold va changer
mail-notice-address-changed = L’adresse de votre compte twofold est désormais { $new } ; celle-ci ne permet plus de se connecter. Si ce n’était pas vous, réinitialisez votre mot de passe depuis la boîte de réception de la nouvelle adresse ou contactez les administrateurs de votre organisation.
    .subject = L’adresse de votre compte twofold a changé
mail-notice-account-deleted = Votre compte twofold et ses données personnelles ont été supprimés : ses seconds facteurs, mots de passe d’application, sessions et adhésions n’existent plus. Les organisations conservent leur journal d’audit, où vous apparaissez désormais sous un pseudonyme.
    .subject = Votre compte twofold a été supprimé
mail-notice-enforcement-stopped = { $who } a cessé d’exiger l’authentification à deux facteurs des membres de { $org }.
    .subject = L’authentification à deux facteurs n’est plus imposée dans { $org }
mail-notice-auto-enforced = Tous les membres de { $org } ont configuré l’authentification à deux facteurs : elle est donc devenue obligatoire automatiquement, comme le prévoyait la politique de l’organisation. Les membres qui rejoindront l’organisation plus tard devront aussi la configurer.
    .subject = { $org } impose désormais l’authentification à deux facteurs
mail-notice-deadline-changed = Votre date limite pour configurer l’authentification à deux facteurs dans l’organisation { $org } est désormais le { $deadline }.
    .subject = Votre date limite pour configurer l’authentification à deux facteurs dans { $org } a changé
mail-notice-deadline-removed = Vous n’avez plus de date limite pour configurer l’authentification à deux facteurs dans l’organisation { $org }.
    .subject = Votre date limite pour configurer l’authentification à deux facteurs dans { $org } a changé

## Text messages

sms-code = { $code } est votre code { $issuer }. Il expire dans { $valid }. Ne le communiquez jamais : { $issuer } ne vous le demandera jamais.
sms-seconds = { $count ->
        [one] { $count } seconde
       *[other] { $count } secondes
    }
sms-minutes = { $count ->
        [one] { $count } minute
       *[other] { $count } minutes
    }
# The last paragraph of reminders and announcements: a guest may leave instead.
mail-guests-may-leave = Les invités de { $org } qui préfèrent ne pas l’activer peuvent quitter { $org } à la place, depuis la même page.

# Known networks (issue 21)
mail-notice-device-new-network = Un navigateur mémorisé sur votre compte twofold ({ $label }) s’est connecté avec votre mot de passe depuis un nouveau réseau ({ $address }), d’où il ne peut pas sauter la deuxième étape : elle a donc été demandée. Si c’était vous, en déplacement ou sur une autre connexion, rien à faire. Sinon, quelqu’un connaît votre mot de passe et dispose de ce navigateur ou d’une copie de son cookie : changez votre mot de passe et oubliez ce navigateur depuis la page de sécurité de votre compte.
    .subject = Votre navigateur s’est connecté depuis un nouveau réseau
