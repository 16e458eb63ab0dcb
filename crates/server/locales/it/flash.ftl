# The confirmations a page shows after an action (a green line above the page).

flash-signed-out = Sei uscito.
flash-email-link-sent = Un link è in arrivo al nuovo indirizzo: aprilo mentre hai effettuato l’accesso qui per confermarlo.
flash-email-changed = Il tuo indirizzo è stato modificato: d’ora in poi accedi con quello nuovo.
flash-password-reset = La tua password è stata modificata. Accedi con la nuova password (e il tuo secondo fattore, se ne hai uno).
flash-account-created = Il tuo account è pronto. Accedi per continuare.
flash-account-deleted = Il tuo account è stato eliminato. Grazie per aver usato twofold.
flash-verify-sent = Ci sei quasi: apri il link che ti abbiamo inviato via email per confermare il tuo indirizzo, poi accedi qui.
flash-email-verified-in = Il tuo indirizzo è confermato e hai effettuato l’accesso.
flash-email-verified = Il tuo indirizzo è confermato e il tuo account è pronto. Accedi per continuare.
flash-method-added = L’autenticazione a due fattori è attiva. Conserva i tuoi codici di recupero in un luogo sicuro.
flash-method-removed = Il metodo è stato rimosso.
flash-default-changed = Il metodo predefinito è stato modificato.
flash-confirmed = Confermato. Ora puoi apportare la modifica.
flash-left = Hai lasciato l’organizzazione.
flash-mfa-off = L’autenticazione a due fattori è disattivata.
flash-app-password-revoked = La password per app è stata revocata.
flash-device-forgotten = Il dispositivo è stato dimenticato: gli verrà chiesto il secondo passaggio.
