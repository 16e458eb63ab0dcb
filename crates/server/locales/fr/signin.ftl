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
