# What pages say when something fails. The English sentences are also the API's words (its
# problem documents), so they start lower case and end without a full stop; translations are
# read on pages only and may read as sentences.

## The error page.

error-failed-heading = Cela n’a pas fonctionné
error-unavailable-heading = Service temporairement indisponible
error-unavailable-text = Le service ne parvient pas à joindre sa base de données pour le moment. Rien n’a été modifié : patientez quelques secondes et réessayez.
error-form-expired-heading = Ce formulaire a expiré
error-form-expired-text = Revenez en arrière, rechargez la page et envoyez à nouveau le formulaire.
error-go-back = Retour

## What a request failed with.

# A failure on our side: never says why.
error-internal = Une erreur s’est produite de notre côté
error-email-taken = Un compte existe déjà avec cette adresse e-mail
error-invalid-credentials = L’adresse e-mail ou le mot de passe est incorrect
# $seconds is the number as digits; $count is the same number, to choose a plural form.
error-too-many-attempts = Trop de tentatives ; réessayez dans { $count ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }
error-unauthenticated = Connectez-vous d’abord
error-csrf-failed = Cette requête doit comporter un en-tête Origin correspondant ou l’en-tête X-CSRF-Token
error-mfa-required = Terminez d’abord la connexion avec votre second facteur
error-mfa-reset = Votre authentification à deux facteurs a été réinitialisée : configurez d’abord un nouveau second facteur (POST /api/v1/me/mfa/totp)
# $orgs is a list of organization names (error-list-and); $count how many there are.
error-mfa-setup-required = { $count ->
        [one] { $orgs } exige l’authentification à deux facteurs : configurez-la d’abord (POST /api/v1/me/mfa/totp) ou quittez l’organisation
       *[other] { $orgs } exigent l’authentification à deux facteurs : configurez-la d’abord (POST /api/v1/me/mfa/totp) ou quittez ces organisations
    }
# An organization's name in a sentence.
error-org-quoted = « { $name } »
# The end of a list: $rest is the items before the last, separated by commas.
error-list-and = { $rest } et { $last }
error-already-member = Cette personne est déjà membre de l’organisation
error-last-owner = Une organisation doit garder au moins un propriétaire
# $orgs is a list of organization names separated by commas.
error-last-owner-of = Vous êtes le dernier propriétaire de { $orgs } : nommez d’abord quelqu’un d’autre propriétaire (ou supprimez l’organisation)
error-invitation-invalid = Cette invitation n’existe pas, a expiré ou a déjà été utilisée
error-password-reset-invalid = Ce lien de réinitialisation du mot de passe n’existe pas, a expiré ou a déjà été utilisé
error-email-change-invalid = Ce lien de confirmation n’existe pas, a expiré, a déjà été utilisé ou appartient à un autre compte
error-verification-invalid = Ce lien de confirmation n’existe pas, a expiré ou a déjà été utilisé
error-email-unverified = Confirmez d’abord votre adresse e-mail : ouvrez le lien qui vous a été envoyé lors de votre inscription
error-invitation-email-mismatch = Cette invitation a été envoyée à une autre adresse e-mail
error-sign-up-disabled = La création de comptes est désactivée sur ce serveur
error-invalid-code = Le code est incorrect, a expiré ou a déjà été utilisé
# $minutes as digits; $count the same number, for plural forms.
error-reauthentication-required = Confirmez qu’il s’agit bien de vous : validez à nouveau un second facteur (POST /api/v1/sessions/current/mfa) et réessayez dans { $count ->
        [one] la minute
       *[other] les { $minutes } minutes
    }
error-mfa-required-by-org = Une organisation dont vous êtes membre exige l’authentification à deux facteurs : gardez au moins une méthode qu’elle accepte
error-mfa-not-enabled = L’authentification à deux facteurs n’est pas configurée sur ce compte
error-mfa-required-to-join = Cette organisation exige l’authentification à deux facteurs : configurez un second facteur, puis acceptez l’invitation
# $word is what to type, as is (ENFORCE, STOP); `confirm` is the field's name in the API.
error-confirmation-required = Saisissez { $word } dans le champ `confirm` pour effectuer ce changement
# $total as digits; $count the same number, for plural forms.
error-members-without-mfa = Mode strict : chaque membre doit avoir activé l’authentification à deux facteurs avant qu’elle puisse être imposée ; { $count ->
        [one] { $total } membre ne l’a pas encore fait
       *[other] { $total } membres ne l’ont pas encore fait
    }
error-app-passwords-not-allowed = Une organisation dont vous êtes membre n’autorise pas les mots de passe d’application
# $detail is a technical reason, in English.
error-webauthn-unavailable = Les clés de sécurité ne sont pas disponibles sur ce serveur : { $detail }
error-webauthn-ceremony-invalid = Cette opération de clé de sécurité n’existe pas, a expiré ou a déjà été utilisée : recommencez
# $detail is a technical reason, in English.
error-webauthn-rejected = La réponse de la clé de sécurité a été refusée : { $detail }
# $country is a country code (FR); $allowed a list of them (CH, FR, BE, DE).
error-country-not-allowed = Les codes par SMS ne sont pas envoyés aux numéros de ce pays ({ $country }) ; pays autorisés : { $allowed }. Utilisez plutôt une application d’authentification ou une clé de sécurité
error-sms-paused = Les SMS sont suspendus sur ce serveur pendant { $count ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    } (trop de messages envoyés cette heure-ci) ; utilisez une autre méthode
error-push-challenge-invalid = Cette demande de connexion a déjà reçu une réponse, a été remplacée par une plus récente ou a expiré
error-push-denied = La connexion a été refusée (ou le mauvais numéro a été choisi) ; connectez-vous à nouveau
error-invalid-signature = La signature de la réponse ne correspond pas à la clé de cet appareil
error-basic-auth-required = Connectez-vous avec votre adresse e-mail et un mot de passe d’application (HTTP Basic)
error-overloaded = Le serveur est surchargé ; réessayez dans un instant
error-unavailable = Le service est temporairement indisponible ; réessayez dans un instant
error-management-consent-required = Cette invitation demande que l’organisation gère votre compte (elle pourrait réinitialiser votre authentification à deux facteurs) : acceptez-la avec accept_management: true pour donner votre accord
error-already-managed = Une autre organisation gère déjà ce compte ; quittez-la d’abord, ou acceptez sans gestion du compte
# $what says what was sent too often (error-limit-…).
error-rate-limited = { $what } ; réessayez dans { $count ->
        [one] { $seconds } seconde
       *[other] { $seconds } secondes
    }
error-limit-org-invitations = Cette organisation a envoyé trop d’invitations
error-limit-your-invitations = Vous avez envoyé trop d’invitations
error-limit-address-invitations = Cette adresse a reçu trop d’invitations
error-limit-member-alert = Ce membre a reçu récemment une alerte de sécurité de cette organisation
# $detail is a technical reason, in English.
error-bad-request = Requête non valide : { $detail }
error-no-such-route = Cette adresse n’existe pas
error-method-not-allowed = Cette adresse n’accepte pas cette méthode
# $reason is a reason we have no translation of, in English.
error-forbidden = Action non autorisée : { $reason }
error-forbidden-manage-apps = Seuls les propriétaires et les administrateurs peuvent gérer les applications de l’organisation
error-forbidden-managers-only = Seuls les propriétaires, les représentants légaux et les administrateurs peuvent faire cela
error-forbidden-confirm-device = Confirmez d’abord cet appareil : saisissez le code qu’il affiche sur la page de sécurité
error-forbidden-approve-sign-ins = Seule une session de navigateur ayant elle-même validé un second facteur peut approuver des connexions
error-forbidden-invite-owners = Seuls les propriétaires peuvent inviter des propriétaires ou des représentants légaux
error-forbidden-address-unproved = Votre adresse n’est pas encore vérifiée : utilisez le lien de l’e-mail d’invitation
error-forbidden-revoke-owner-invitations = Seuls les propriétaires peuvent révoquer les invitations de propriétaires ou de représentants légaux
error-forbidden-owner-roles = Seuls les propriétaires peuvent attribuer ou retirer les rôles de propriétaire et de représentant légal
error-forbidden-remove-members = Seuls les propriétaires, les représentants légaux et les administrateurs peuvent retirer des membres
error-forbidden-remove-owners = Seuls les propriétaires peuvent retirer des propriétaires ou des représentants légaux
# $what is a thing we have no translation of, in English.
error-not-found = Introuvable : { $what }
error-not-found-account = Compte introuvable
error-not-found-app-password = Mot de passe d’application introuvable
error-not-found-client = Application introuvable
error-not-found-device = Appareil introuvable
error-not-found-enrollment-code = Code d’enregistrement introuvable
error-not-found-invitation = Invitation introuvable
error-not-found-member = Membre introuvable
error-not-found-method = Méthode introuvable
error-not-found-organization = Organisation introuvable
error-not-found-page = Page introuvable
error-not-found-pending-enrollment = Enregistrement en attente introuvable
error-not-found-session = Session introuvable
error-not-found-sign-in-request = Demande de connexion introuvable

## A value a form or request gave that was refused: "{ $field }: why". $field is the field's
## name (invalid-field-…, or the API's name of a field we have no translation of).

invalid-field-email = Adresse e-mail
invalid-field-password = Mot de passe
invalid-field-name = Nom
invalid-field-label = Libellé
invalid-field-code = Code
invalid-field-phone = Numéro de téléphone
invalid-field-number = Numéro
invalid-field-role = Rôle
invalid-field-locale = Langue
invalid-field-type = Type
invalid-field-deadline = Échéance
invalid-field-enforce-from = Date d’application
invalid-field-remembered-device-days = Durée de mémorisation des appareils
invalid-field-new-member-days = Délai accordé aux nouveaux membres
invalid-field-redirect-uris = URI de redirection
invalid-field-post-logout-redirect-uris = URI de redirection après déconnexion
invalid-field-backchannel-logout-uri = URI de déconnexion back-channel
invalid-field-allowed-countries = Pays autorisés
invalid-field-allowed-methods = Méthodes autorisées
# A search's words.
invalid-field-q = Recherche

# $reason is a technical reason, in English.
invalid-other = { $field } : { $reason }
invalid-required = { $field } : obligatoire
invalid-empty = { $field } : ne doit pas être vide
invalid-too-short = { $field } : doit contenir au moins { $min } caractères
invalid-too-long = { $field } : doit contenir au plus { $max } caractères
invalid-chars = { $field } : doit contenir de { $min } à { $max } caractères
invalid-between = { $field } : doit être compris entre { $min } et { $max }
# How many items a list may have.
invalid-at-most = { $field } : { $max } au maximum
invalid-at-least-one = { $field } : doit en indiquer au moins un
invalid-control-characters = { $field } : ne doit pas contenir de caractères de contrôle
# $list is the API's words, as is: en, fr, de, it.
invalid-one-of = { $field } : doit être l’une des valeurs suivantes : { $list }
# $first and $second are the API's words, as is.
invalid-either = { $field } : doit être { $first } ou { $second }
invalid-exactly = { $field } : doit être { $word }
invalid-not-id = { $field } : n’est pas un identifiant valide
invalid-not-cursor = { $field } : n’est pas un curseur valide
invalid-not-session-state = { $field } : n’est pas un état de session
invalid-not-challenge-id = { $field } : n’est pas un identifiant de demande
# $detail is a technical reason, in English.
invalid-address = { $field } : n’est pas une adresse valide ({ $detail })
invalid-address-without-dot = { $field } : n’est pas une adresse valide (le domaine doit contenir un point)
invalid-same-email = { $field } : c’est déjà l’adresse du compte
invalid-common-password = { $field } : fait partie des mots de passe les plus courants
invalid-repeated-character = { $field } : ne doit pas répéter un seul et même caractère
invalid-password-is-email = { $field } : ne doit pas être votre adresse e-mail
invalid-uri-too-long = { $field } : est trop long
invalid-uri-spaces = { $field } : ne doit contenir ni espaces ni caractères de contrôle
invalid-uri-not-absolute = { $field } : doit être un URI absolu
invalid-uri-fragment = { $field } : ne doit pas comporter de fragment
invalid-uri-user-info = { $field } : ne doit pas contenir d’informations d’utilisateur
invalid-uri-https = { $field } : doit utiliser https (http uniquement sur une adresse de bouclage)
invalid-uri-scheme = { $field } : doit utiliser https, ou un schéma en DNS inversé pour une application native
invalid-public-https = { $field } : doit être une adresse https publique
invalid-too-many-apps = { $field } : l’organisation a déjà { $max } applications
invalid-code-challenge = { $field } : doit comporter 43 caractères base64url
invalid-scope-openid = { $field } : doit inclure openid
invalid-country-codes = { $field } : doit contenir des codes ISO 3166-1 alpha-2, comme CH
invalid-phone-length = { $field } : doit être un numéro de téléphone de 1 à 32 caractères
invalid-phone-international = { $field } : doit être au format international, avec l’indicatif du pays (+41 79 123 45 67)
invalid-not-phone = { $field } : n’est pas un numéro de téléphone
invalid-phone-invalid = { $field } : n’est pas un numéro de téléphone valide
invalid-phone-no-country = { $field } : n’appartient à aucun pays
invalid-phone-mobile = { $field } : doit être un numéro de mobile pouvant recevoir des SMS
invalid-number-required = { $field } : obligatoire pour approuver : le nombre affiché par la connexion
invalid-not-me-with-denial = { $field } : ne s’utilise qu’avec un refus
invalid-public-key = { $field } : doit être une clé publique Ed25519 de 32 octets en base64url
invalid-recovery-code = { $field } : doit être l’un de vos codes de récupération à 12 caractères
invalid-sms-code = { $field } : doit être les 6 chiffres du SMS
invalid-totp-code = { $field } : doit être les 6 chiffres affichés par votre application
invalid-no-such-method = { $field } : aucune méthode de ce type n’est configurée sur ce compte
invalid-type-mismatch = { $field } : ne correspond pas au type de la méthode
invalid-not-credential = { $field } : n’est pas un identifiant WebAuthn
invalid-not-assertion = { $field } : n’est pas une assertion WebAuthn
invalid-signature-required = { $field } : obligatoire de la part d’un appareil
invalid-no-approver = { $field } : aucun appareil d’authentification ni aucun autre navigateur connecté ne peut approuver cette connexion
invalid-not-enrolled = { $field } : l’appareil n’est pas encore enregistré : saisissez-y d’abord le code d’enregistrement
invalid-method-list = { $field } : doit indiquer totp, webauthn, sms ou push
invalid-at-least-one-method = { $field } : doit autoriser au moins une méthode
invalid-too-many-members = { $field } : doit indiquer au plus { $max } membres
invalid-user-ids = { $field } : doit indiquer des identifiants d’utilisateur
invalid-date-like = { $field } : doit être une date comme 2027-01-31
invalid-date-time = { $field } : doit être une date et une heure
invalid-days = { $field } : doit être un nombre de jours
# An address the console does not have.
error-not-found-heading = Page introuvable
error-not-found-text = Il n’y a rien à cette adresse. Revenez à l’accueil pour repartir de là.

# Known networks (issue 21)
invalid-field-trusted-networks = Réseaux de confiance
invalid-field-remembered-device-networks = Réseaux des appareils mémorisés
invalid-field-remember-device-networks = Réseau de cet appareil
invalid-not-cidr = { $field } : { $block } n’est pas un réseau en notation CIDR (203.0.113.0/24, 2001:db8::/48)
invalid-network-too-wide = { $field } : ne doit pas être plus large qu’un /8 IPv4 ou un /16 IPv6 ; au-delà, c’est une grande partie d’Internet
