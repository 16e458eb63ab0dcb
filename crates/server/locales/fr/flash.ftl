# The confirmations a page shows after an action (a green line above the page).

flash-signed-out = Vous êtes déconnecté.
flash-email-link-sent = Un lien est en route vers la nouvelle adresse : ouvrez-le en étant connecté ici pour confirmer.
flash-email-changed = Votre adresse a été modifiée : connectez-vous désormais avec la nouvelle.
flash-password-reset = Votre mot de passe a été modifié. Connectez-vous avec celui-ci (et votre second facteur, si vous en avez un).
flash-account-created = Votre compte est prêt. Connectez-vous pour continuer.
flash-account-deleted = Votre compte a été supprimé. Merci d’avoir utilisé twofold.
flash-verify-sent = Vous y êtes presque : ouvrez le lien que nous vous avons envoyé par e-mail pour confirmer votre adresse, puis connectez-vous ici.
flash-email-verified-in = Votre adresse est confirmée et vous êtes connecté.
flash-email-verified = Votre adresse est confirmée et votre compte est prêt. Connectez-vous pour continuer.
flash-method-added = L’authentification à deux facteurs est activée. Conservez vos codes de récupération en lieu sûr.
flash-method-removed = La méthode a été supprimée.
flash-default-changed = La méthode par défaut a été modifiée.
flash-confirmed = C’est confirmé. Vous pouvez maintenant effectuer votre modification.
flash-left = Vous avez quitté l’organisation.
flash-mfa-off = L’authentification à deux facteurs est désactivée.
flash-app-password-revoked = Le mot de passe d’application a été révoqué.
flash-device-forgotten = L’appareil a été oublié : la deuxième étape lui sera de nouveau demandée.
