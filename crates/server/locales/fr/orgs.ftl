# Home, and the pages of an organization: overview, members, policy, invitations, audit log, apps.

## Home

home-title = Accueil
home-welcome = Bienvenue, { $name }
home-next-heading = Prochaines étapes
home-all-in-order = Tout est en ordre : rien ne vous attend.
home-orgs-heading = Vos organisations
home-no-orgs = Vous n’êtes encore membre d’aucune organisation.
home-see-invitations = Voir vos invitations
home-col-org = Organisation
home-col-role = Votre rôle
home-col-requires = Exige l’authentification à deux facteurs
home-col-you = Vous
home-yes = Oui
home-from = À partir du { $date }
home-no = Non
home-create-heading = Créer une organisation
home-org-name-label = Nom de l’organisation
home-create-submit = Créer l’organisation
home-security-link = Vos paramètres de sécurité
home-step-set-up-by = { $org } exige l’authentification à deux facteurs : activez-la d’ici le { $date }.
home-step-set-up-now = { $org } exige l’authentification à deux facteurs et vous bloque tant que vous ne l’avez pas activée.
home-step-set-up = Votre compte n’est protégé que par son mot de passe. Un second facteur le protège même si le mot de passe fuite.
home-action-set-up = Activer l’authentification à deux facteurs
home-step-approve = { $count ->
    [one] { $count } connexion effectuée ailleurs attend votre approbation.
   *[other] { $count } connexions effectuées ailleurs attendent votre approbation.
}
home-action-approve = Voir les connexions en attente
home-step-recovery-codes = { $count ->
    [0] Il ne vous reste aucun code de récupération.
    [one] Il ne vous reste qu’un code de récupération.
   *[other] Il ne vous reste que { $count } codes de récupération.
}
home-action-recovery-codes = Générer de nouveaux codes de récupération
home-step-invitations = { $count ->
    [one] { $count } invitation vous attend.
   *[other] { $count } invitations vous attendent.
}
home-standing-due = Manquante : à activer d’ici le { $date }
home-standing-stopped = Manquante : vous êtes bloqué
home-standing-set-up = Activée
home-standing-not-required = Non exigée

## An organization's overview

org-external = { $name } (externe)
org-your-role = Votre rôle : { $role }.
org-2fa-label = Authentification à deux facteurs :
org-2fa-required = obligatoire
org-2fa-required-from = obligatoire à partir du { $date }
org-2fa-not-required = pas encore obligatoire
org-enrolled = { $enrolled ->
    [one] { $enrolled } membre sur { $members } a activé l’authentification à deux facteurs ({ $percentage } %).
   *[other] { $enrolled } membres sur { $members } ont activé l’authentification à deux facteurs ({ $percentage } %).
}
org-link-members = Membres
org-link-members-without = Membres sans 2FA
org-link-policy = Règle de double authentification
org-link-invite = Inviter
org-link-audit = Journal d’audit
org-link-apps = Applications
org-stopped-nobody = Chaque membre dispose d’un second facteur autorisé : personne n’est bloqué.
org-stopped-from = { $count ->
    [one] { $count } membre sans second facteur autorisé sera bloqué à partir du { $date }.
   *[other] { $count } membres sans second facteur autorisé seront bloqués à partir du { $date }.
}
org-stopped-now = { $count ->
    [one] { $count } membre sans second facteur autorisé est bloqué dès maintenant.
   *[other] { $count } membres sans second facteur autorisé sont bloqués dès maintenant.
}
org-would-stop = { $count ->
    [one] Exiger l’authentification à deux facteurs bloquerait { $count } membre à l’échéance.
   *[other] Exiger l’authentification à deux facteurs bloquerait { $count } membres à l’échéance.
}

## The adoption chart of the overview and its table

chart-heading = Adoption au fil du temps
chart-empty = Les chiffres du premier jour sont enregistrés dans la minute ; le graphique s’enrichit jour après jour.
chart-caption = Part des membres ayant activé l’authentification à deux facteurs (toutes méthodes confondues), jour par jour, sur les 30 derniers jours : le tableau ci-dessous donne les chiffres.
chart-table-caption = Membres ayant activé l’authentification à deux facteurs, par jour
chart-col-day = Jour
chart-col-members = Membres
chart-col-with = Avec 2FA
chart-col-share = Part
chart-percent = { $value } %

## Members

members-title = Membres de { $org }
members-search-label = Rechercher des membres
members-show-label = Afficher
members-show-everyone = Tout le monde
members-show-without = Sans 2FA
members-show-with = Avec 2FA
members-filter = Filtrer
members-remind-all = Relancer tous les membres sans 2FA
members-table-caption = Les membres et leur authentification à deux facteurs
members-col-member = Membre
members-col-role = Rôle
members-col-2fa = Authentification à deux facteurs
members-col-actions = Actions
members-badge-on = Activée
members-badge-missing = Manquante
members-deadline = échéance : { $date }
members-deadline-passed = échéance dépassée
members-remind-one = Envoyer un rappel 2FA
members-remind-to = à { $email }
members-actions-link = Actions
members-actions-for = pour { $email }
members-next-page = Page suivante
members-csv = Télécharger au format CSV
members-flash-alerted = Alerte de sécurité envoyée.
members-flash-role-changed = Le rôle a été modifié.
members-flash-removed = Le membre a été retiré.
members-role-option-member = Membre
members-role-option-admin = Administrateur
members-role-option-legal-representative = Représentant légal
members-role-option-owner = Propriétaire

## One member

member-title = { $email } dans { $org }
member-role-in = { $role } dans
member-2fa-label = Authentification à deux facteurs :
member-actions-heading = Actions
member-send-alert = Envoyer une alerte de sécurité
member-remove-link = Retirer de { $org }
member-role-heading = Rôle
member-role-label = Rôle
member-change-role = Changer le rôle
member-deadline-heading = Échéance pour activer l’authentification à deux facteurs
member-own-deadline-label = Échéance propre à { $name }
member-deadline-hint = Plus tardive ou plus proche que celle de l’organisation, pour ce membre uniquement ; vide, celle de l’organisation s’applique. Jamais la vôtre ; celle d’un propriétaire ou d’un représentant légal, seulement par un propriétaire. Votre second facteur vous est demandé si vous ne l’avez pas utilisé ces dernières minutes.
member-set-deadline = Définir l’échéance
member-not-enforced = { $org } n’exige pas l’authentification à deux facteurs : l’échéance propre à un membre s’appliquera dès que ce sera le cas
member-policy-link = voir la règle
member-reset-heading = Réinitialiser l’authentification à deux facteurs
member-reset-text = { $org } gère le compte de { $name } : vous pouvez réinitialiser son authentification à deux facteurs s’il a perdu ses facteurs.
member-reset-link = Réinitialiser l’authentification à deux facteurs de { $name }
member-flash-deadline = L’échéance du membre a été modifiée.
member-flash-mfa-reset = Son authentification à deux facteurs a été réinitialisée : il configurera un nouveau second facteur à sa prochaine connexion et a été prévenu par e-mail.
member-remove-title = Retirer un membre
member-remove-heading = Retirer { $email } de { $org } ?
member-remove-text = Le membre perd aussitôt l’accès à l’organisation et en est informé par e-mail.
member-remove-submit = Retirer { $email }
member-remove-keep = Le garder
member-reset-title = Réinitialiser l’authentification à deux facteurs de { $name }
member-reset-confirm-heading = Réinitialiser l’authentification à deux facteurs de { $name } ?
member-reset-confirm-text = { $email } perd tous ses seconds facteurs et codes de récupération, ses mots de passe d’application et ses appareils mémorisés, et est déconnecté partout. À sa prochaine connexion, il devra configurer un nouveau second facteur avant toute chose. Il en est informé par e-mail, et la réinitialisation figure dans le journal d’audit de { $org }.
member-reset-confirm-care = Ne le faites que si vous êtes sûr que la demande vient bien de cette personne (téléphone perdu, clé cassée), par un canal de confiance.
member-reset-submit = Réinitialiser son authentification à deux facteurs
member-reset-keep = Ne rien changer

## The two-factor policy

policy-title = Règle de double authentification de { $org }
policy-enrolled = { $enrolled ->
    [one] { $enrolled } membre sur { $members } dispose d’un second facteur autorisé ({ $percentage } %).
   *[other] { $enrolled } membres sur { $members } disposent d’un second facteur autorisé ({ $percentage } %).
}
policy-enforcement-on = L’obligation est activée.
policy-enforcement-off = L’obligation est désactivée.
policy-preview-heading = Membres que l’obligation bloquerait ({ $count })
policy-preview-more = { $count ->
    [one] Et { $count } autre : consultez la liste des membres.
   *[other] Et { $count } autres : consultez la liste des membres.
}
policy-enforced-label = Exiger l’authentification à deux facteurs de chaque membre
policy-start-label = Début (UTC, année-mois-jour heure:minute ; vide : immédiatement)
policy-start-hint = La date est rappelée aux membres à chaque connexion d’ici là.
policy-strict-label = Mode strict : refuser de l’activer tant qu’un membre ne l’a pas
policy-auto-label = Automatique : l’activer d’elle-même dès que le dernier membre l’a
policy-methods-legend = Méthodes acceptées
policy-exempt-legend = Continuent de fonctionner sans authentification à deux facteurs
policy-client-native = Applications de bureau et mobiles
policy-client-sync = Outils de synchronisation (mots de passe d’application)
policy-client-web = La console web
policy-remembered-label = Les membres peuvent faire mémoriser un appareil
policy-remembered-days-label = Nombre de jours pendant lesquels un appareil mémorisé évite la seconde étape
policy-new-member-days-label = Nombre de jours accordés aux nouveaux membres pour l’activer
policy-app-passwords-label = Les membres peuvent utiliser des mots de passe d’application
policy-save = Enregistrer la règle
policy-flash-saved = La règle a été enregistrée.
policy-strict-error = { $count ->
    [one] Mode strict : { $count } membre n’a pas encore activé l’authentification à deux facteurs ({ $emails }). Relancez-le, puis réessayez.
   *[other] Mode strict : { $count } membres n’ont pas encore activé l’authentification à deux facteurs ({ $emails }). Relancez-les, puis réessayez.
}
policy-confirm-stopped-heading = Membres qui seront bloqués ({ $count })
policy-confirm-type = Saisissez { $word } pour confirmer
policy-confirm-retry = Saisissez { $word } tel quel, en majuscules.
policy-confirm-cancel = Annuler
policy-stop-heading = Arrêter l’obligation de double authentification ?
policy-stop-text = Les membres sans authentification à deux facteurs pourront de nouveau entrer. Les propriétaires sont prévenus par e-mail.
policy-stop-button = Arrêter l’obligation
policy-enforce-heading = Activer l’obligation de double authentification ?
policy-enforce-text-scheduled = Les membres sans second facteur autorisé sont prévenus par e-mail dès maintenant, puis bloqués dans la console web à partir de la date choisie.
policy-enforce-text-now = Les membres sans second facteur autorisé sont bloqués dans la console web dès leur prochaine requête, et prévenus par e-mail.
policy-enforce-button = Activer l’obligation

## Invitations

invite-title = Inviter dans { $org }
invite-heading = Inviter quelqu’un dans { $org }
invite-email-label = Adresse e-mail
invite-role-label = Rôle
invite-external-label = Externe (un invité extérieur à l’organisation)
invite-manage-label = Demander à gérer son compte (l’organisation pourrait réinitialiser son authentification à deux facteurs ; la personne doit l’accepter en rejoignant l’organisation)
invite-submit = Envoyer l’invitation
invite-waiting-heading = En attente d’acceptation
invite-none = Aucune invitation en attente.
invite-table-caption = Invitations en attente d’acceptation
invite-col-email = Adresse e-mail
invite-col-role = Rôle
invite-col-until = Lien valable jusqu’au
invite-col-actions = Actions
invite-resend = Renvoyer
invite-revoke = Révoquer
invite-of = l’invitation de { $email }
invite-flash-sent = L’invitation a été envoyée.
invite-flash-sent-to = L’invitation a été envoyée à { $email }.
invite-flash-resent-to = L’invitation a été renvoyée à { $email } ; le lien précédent ne fonctionne plus.
invite-flash-revoked = L’invitation a été révoquée : son lien ne fonctionne plus.
invite-flash-resent = L’invitation a été renvoyée ; le lien précédent ne fonctionne plus.
invitation-title = Invitation
invitation-heading = Rejoindre { $org }
invitation-text-before = Vous êtes invité à rejoindre l’organisation
invitation-text-after = en tant que { $role }.
invitation-accept = Accepter l’invitation
invitation-set-up = Activez l’authentification à deux facteurs
invitation-come-back = , puis revenez sur cette page.

## The audit log

audit-title = Journal d’audit de { $org }
audit-table-caption = Événements, du plus récent au plus ancien
audit-col-when = Date (UTC)
audit-older = Événements plus anciens

## Apps (OpenID Connect clients)

apps-title = Applications de { $org }
apps-intro = Les applications qui connectent les membres de l’organisation via twofold (OpenID Connect). Sa règle de double authentification s’y applique aussi.
apps-registered-heading = Application enregistrée
apps-client-id = Identifiant client :
apps-client-secret = Secret client, affiché cette seule fois :
apps-table-caption = Applications enregistrées
apps-col-name = Nom
apps-col-client-id = Identifiant client
apps-col-type = Type
apps-col-uris = URI de redirection
apps-col-actions = Actions
apps-row-type = { $type }, { $kind }
apps-type-confidential = confidentielle
apps-type-public = publique
apps-kind-web = web
apps-kind-native = native
apps-remove = Supprimer { $name }
apps-register-heading = Enregistrer une application
apps-name-label = Nom
apps-type-label = Type
apps-type-confidential-option = Confidentielle (un serveur qui garde un secret)
apps-type-public-option = Publique (une application native ou dans le navigateur, avec PKCE)
apps-kind-label = Genre
apps-kind-web-option = Application web
apps-kind-native-option = Application native
apps-uris-label = URI de redirection, une par ligne
apps-more = Plus d’options
apps-post-logout-label = Après la déconnexion, rediriger vers (une par ligne)
apps-post-logout-hint = Les adresses vers lesquelles l’application peut demander à twofold de renvoyer les personnes après leur déconnexion.
apps-backchannel-label = URI de déconnexion back-channel
apps-backchannel-hint = twofold prévient l’application à cette adresse, aussitôt, lorsque la session d’une personne prend fin : déconnexion, départ de l’organisation ou blocage par sa règle de double authentification.
apps-alg-label = Signature du jeton d’identité (ID token)
apps-alg-es256 = ES256 (recommandé)
apps-alg-rs256 = RS256 (pour les bibliothèques qui ne connaissent que RSA)
apps-register = Enregistrer

org-phishing-resistant = { $count } sur { $members } ont un facteur résistant à l’hameçonnage (clé de sécurité ou clé d’accès).

policy-phishing-resistant-only = Résistant à l’hameçonnage uniquement
policy-phishing-resistant-hint = Cochez seulement « clé de sécurité » pour n’accepter que ce qui résiste à l’hameçonnage : clés de sécurité et clés d’accès ne répondent qu’à ce site, alors qu’un faux site peut relayer codes et approbations push.

# The policy page: its state, the main choice and the folded options.
policy-enforcement-scheduled = L’obligation est programmée : elle commence le { $date }.
policy-preview-heading-on = Bloqués maintenant ({ $count })
policy-preview-heading-scheduled = Bloqués à partir du { $date } s’ils ne l’activent pas avant ({ $count })
policy-enforced-hint = Les membres sans second facteur autorisé sont bloqués dans la console web et dans les applications qui se connectent via twofold jusqu’à ce qu’ils en ajoutent un.
policy-more-options = Plus d’options
policy-strict-hint = L’enregistrement avec l’obligation échoue, en nommant qui manque, tant qu’un membre n’a pas de second facteur autorisé.
policy-auto-hint = Rien n’est exigé d’ici là ; l’obligation commence dès que le dernier membre ajoute un second facteur.
policy-exempt-hint = Ce que les membres sans double authentification peuvent encore utiliser une fois l’obligation en place : ce qui était déjà connecté continue ; les types cochés peuvent aussi se reconnecter.
policy-remembered-hint = Après une deuxième étape, un navigateur peut la sauter pendant le nombre de jours ci-dessous.
policy-new-member-days-hint = Les personnes qui rejoignent une fois l’obligation en place ont ce nombre de jours à partir de leur arrivée ; 0 : immédiatement.
policy-app-passwords-hint = Mots de passe pour les outils de synchronisation (courriel, agendas, fichiers) qui ne savent pas demander de second facteur.
policy-enforce-now-heading = Bloquer dès maintenant les membres sans second facteur autorisé ?
policy-enforce-now-button = Appliquer maintenant

# The members page: reminders said in figures, the last reminder, a wide table.
members-col-reminded = Dernier rappel
members-table-scroll = Le tableau défile horizontalement : les actions sont à droite.
members-flash-reminded-count = { $count ->
    [0] Aucun rappel n’a été envoyé.
    [one] Un rappel a été envoyé à 1 membre.
   *[other] Des rappels ont été envoyés à { $count } membres.
}
members-flash-reminded-skipped = { $count ->
    [one] 1 membre a été ignoré : déjà relancé dans les dernières { $hours } heures.
   *[other] { $count } membres ont été ignorés : déjà relancés dans les dernières { $hours } heures.
}

# Leaving an organization, after a page that asks.
leave-title = Quitter { $org } ?
leave-text = Vous ne serez plus membre de { $org } : ses applications ne vous connectent plus via twofold, et seule une nouvelle invitation vous y ramène. Votre compte reste.
leave-stay = Rester
# The invitation page: who sent it, and declining from the link.
invitation-by-middle = vous invite à rejoindre l’organisation
invitation-decline = Refuser

# The audit log in sentences.
audit-actor-twofold = twofold
audit-col-event = Ce qui s’est passé
audit-policy-on-from = { $actor } a activé l’obligation de double authentification, à partir du { $date }
audit-policy-on = { $actor } a activé l’obligation de double authentification, immédiatement
audit-policy-off = { $actor } a désactivé l’obligation de double authentification
audit-policy-date = { $actor } a reporté le début de l’obligation au { $date }
audit-policy-date-now = { $actor } a fait commencer l’obligation immédiatement
audit-policy-changed = { $actor } a modifié la politique de double authentification
audit-org-mfa-reminders-sent = { $count ->
    [0] { $actor } n’a envoyé aucun rappel 2FA : chacun en avait reçu un récemment
    [one] { $actor } a envoyé un rappel 2FA à 1 membre
   *[other] { $actor } a envoyé des rappels 2FA à { $count } membres
}
audit-org-created = { $actor } a créé l’organisation
audit-org-invitation-created = { $actor } a invité { $target } en tant que { $role }
audit-org-invitation-accepted = { $actor } a accepté l’invitation et rejoint l’organisation en tant que { $role }
audit-org-invitation-revoked = { $actor } a révoqué l’invitation de { $target }
audit-org-invitation-declined = { $actor } a refusé l’invitation
audit-org-member-role-changed = { $actor } a donné le rôle { $role } à { $target }
audit-org-member-removed = { $actor } a retiré { $target }
audit-org-member-left = { $actor } a quitté l’organisation
audit-org-mfa-policy-auto-enforced = L’obligation de double authentification s’est activée d’elle-même : chaque membre l’avait
audit-org-security-alert-sent = { $actor } a envoyé une alerte de sécurité à { $target }
audit-org-member-mfa-deadline-changed = { $actor } a donné à { $target } une échéance propre
audit-org-member-mfa-reset = { $actor } a réinitialisé la double authentification de { $target }
audit-org-member-mfa-reset-elsewhere = L’organisation qui gère le compte de { $target } a réinitialisé sa double authentification
audit-org-client-registered = { $actor } a enregistré l’application { $target }
audit-org-client-removed = { $actor } a supprimé l’application { $target }
audit-other = { $actor } : { $code } ({ $target })

# Known networks (issue 21)
policy-networks-label = Les appareils mémorisés ne sautent la deuxième étape que depuis des réseaux connus
policy-networks-hint = Connu : le réseau où l’appareil a été mémorisé (le même /24 IPv4 ou /64 IPv6), ou l’un des réseaux de confiance ci-dessous. Ailleurs, la deuxième étape est demandée et son titulaire est prévenu. Pour un membre de plusieurs organisations, la plus stricte s’applique.
policy-trusted-label = Réseaux de confiance
policy-trusted-hint = Vos bureaux et votre VPN, en notation CIDR, un par ligne : 203.0.113.0/24, 2001:db8::/48. 500 au plus.
