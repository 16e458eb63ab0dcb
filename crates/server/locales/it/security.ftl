## La pagina Sicurezza

sec-title = Sicurezza
sec-2fa-heading = Autenticazione a due fattori
sec-managed-badge = Gestito
sec-managed-before = Il tuo account è gestito dall’organizzazione
sec-managed-after = : i suoi proprietari e amministratori possono reimpostare la tua autenticazione a due fattori. Questo termina quando la lasci.
sec-unmanaged = Nessuna organizzazione gestisce il tuo account: nessuno tranne te (e il gestore di questo server) può reimpostare la tua autenticazione a due fattori.
sec-badge-off = Disattivata
sec-badge-on = Attivata
sec-password-alone = Il tuo account è protetto solo dalla sua password.
sec-codes-left = { $count ->
    [one] { $count } codice di recupero rimasto.
   *[other] { $count } codici di recupero rimasti.
}
sec-methods-caption = I tuoi secondi fattori
sec-col-method = Metodo
sec-col-added = Aggiunto il
sec-col-actions = Azioni
sec-badge-default = Predefinito
sec-make-default = Imposta come predefinito
sec-remove = Rimuovi
sec-kind-webauthn = chiave di sicurezza
sec-kind-push = app di approvazione push
sec-kind-totp = app di autenticazione
sec-kind-sms = codice SMS

sec-key-heading = Passkey o chiave hardware
sec-badge-recommended = Consigliato
sec-key-hint = Il metodo più sicuro: una chiave USB o NFC, o la passkey del tuo dispositivo. Non può essere vittima di phishing: risponde solo a questo sito.
sec-keys-added = { $count ->
    [one] { $count } aggiunta
   *[other] { $count } aggiunte
}
sec-none-yet = Nessuna per ora
sec-key-label = Nome della nuova chiave di sicurezza
sec-key-default-name = Chiave di sicurezza
sec-key-add = Aggiungi una chiave di sicurezza

sec-app-heading = App di autenticazione
sec-app-hint = Codici a sei cifre da un’app sul tuo telefono (qualsiasi app standard). Funziona offline.
sec-apps-added = { $count ->
    [one] { $count } aggiunta
   *[other] { $count } aggiunte
}
sec-app-label = Nome della nuova app di autenticazione
sec-app-default-name = App di autenticazione
sec-app-add = Aggiungi un’app di autenticazione

sec-push-heading = Dispositivo di autenticazione
sec-push-hint = Approva gli accessi da un dispositivo registrato, scegliendo il numero mostrato.
sec-devices-added = { $count ->
    [one] { $count } aggiunto
   *[other] { $count } aggiunti
}
sec-push-label = Nome del nuovo dispositivo di autenticazione
sec-push-default-name = Dispositivo di autenticazione
sec-push-add = Aggiungi un dispositivo di autenticazione

sec-sms-heading = Codici SMS
sec-sms-hint = Il metodo più debole: gli SMS possono essere dirottati. Una soluzione di riserva quando nient’altro è adatto.
sec-phones-added = { $count ->
    [one] { $count } aggiunto
   *[other] { $count } aggiunti
}
sec-sms-phone-label = Numero di cellulare per i codici SMS
sec-sms-add = Aggiungi un numero di telefono

sec-recovery-heading = Codici di recupero
sec-recovery-hint = I nuovi codici sostituiscono subito quelli vecchi.
sec-recovery-new = Genera nuovi codici di recupero
sec-off-heading = Disattiva l’autenticazione a due fattori

sec-app-passwords-heading = Password per app
sec-app-passwords-hint = Per le app di posta e calendario che non possono chiedere un secondo fattore. Ognuna viene mostrata una sola volta.
sec-app-password-new = La tua nuova password per app (copiala ora, non verrà più mostrata):
sec-col-name = Nome
sec-col-created = Creata il
sec-col-last-used = Ultimo utilizzo
sec-never = mai
sec-revoke = Revoca
sec-app-password-label = Nome della nuova password per app
sec-app-password-create = Crea una password per app

sec-email-heading = Indirizzo email
sec-email-new = Nuovo indirizzo email
sec-email-hint = Inviamo un link al nuovo indirizzo; continui ad accedere con quello attuale finché non lo apri.
sec-email-password = La tua password (richiesta solo finché l’account non ha un secondo fattore)
sec-email-submit = Cambia l’indirizzo

sec-sessions-heading = Dove hai eseguito l’accesso
sec-sessions-link = Vedi tutti i browser e le app collegati al tuo account
sec-sessions-after = {" "}e disconnetti quelli che non riconosci.
sec-invitations-link = Inviti per te
sec-invitations-after = : unisciti a un’organizzazione che ti ha invitato, oppure rifiuta.
sec-export-link = Scarica i tuoi dati
sec-export-middle = (un file JSON, senza segreti) oppure
sec-delete-link = elimina il tuo account
sec-export-end = .

sec-devices-heading = Dispositivi memorizzati
sec-devices-none = Nessun dispositivo salta il secondo passaggio.
sec-col-device = Dispositivo
sec-col-remembered = Memorizzato il
sec-col-until = Fino al
sec-forget = Dimentica

sec-reauth-heading = Conferma che sei tu
sec-reauth-text = Le modifiche ai tuoi secondi fattori richiedono un codice degli ultimi 10 minuti.
sec-reauth-code = Codice dalla tua app di autenticazione
sec-reauth-submit = Conferma

sec-req-reset = La tua autenticazione a due fattori è stata reimpostata: configura un nuovo secondo fattore per continuare.
sec-req-deadline = { $org } richiede l’autenticazione a due fattori dal { $date }.
sec-req-now = { $org } richiede l’autenticazione a due fattori: configurala per continuare.

## Aggiungere un’app di autenticazione

sec-totp-title = Aggiungi un’app di autenticazione
sec-totp-step-1 = Apri la tua app di autenticazione e aggiungi un account.
sec-totp-step-2 = Scansiona questo codice, oppure digita la chiave qui sotto.
sec-totp-step-3 = Inserisci il codice a 6 cifre mostrato dall’app.
sec-totp-qr = Codice QR per la tua app di autenticazione
sec-totp-manual = Chiave da digitare in alternativa:
sec-totp-code = Codice dall’app
sec-totp-submit = Verifica e attiva
sec-totp-format = Inserisci le 6 cifre mostrate dall’app.
sec-totp-mismatch = Il codice non corrisponde. Controlla l’ora del dispositivo e inserisci il codice più recente.

## Aggiungere una chiave di sicurezza

sec-webauthn-title = Aggiungi una chiave di sicurezza
sec-webauthn-intro = Inserisci o sblocca la tua chiave di sicurezza (o usa la passkey di questo dispositivo), poi premi il pulsante. Il browser ti chiederà di toccare la chiave.
sec-webauthn-submit = Usa la mia chiave di sicurezza
sec-webauthn-noscript = Per aggiungere una chiave di sicurezza serve JavaScript: è il browser a comunicare con la chiave.
sec-webauthn-no-answer = La chiave di sicurezza non ha risposto ({ $name }). Riprova, oppure usa un altro metodo.
sec-webauthn-not-added = La chiave di sicurezza non è stata aggiunta: { $reason } Riprova.

## Aggiungere un numero di telefono

sec-sms-title = Aggiungi un numero di telefono
sec-sms-mobile = Numero di cellulare
sec-sms-phone-hint = Con il prefisso internazionale, ad esempio +41 79 123 45 67. I codici vengono inviati solo ai numeri di questi paesi: { $countries }.
sec-sms-name = Nome del telefono
sec-sms-send = Inviami un codice via SMS
sec-sms-enter = Inserisci il codice che abbiamo inviato via SMS al { $phone }. È valido per qualche minuto.
sec-sms-code = Codice dall’SMS
sec-sms-add-phone = Aggiungi il telefono
sec-sms-new-code = Invia un nuovo codice
sec-sms-sent = Abbiamo inviato un codice via SMS al { $phone }.
sec-sms-resent = Abbiamo inviato un nuovo codice via SMS al { $phone }.
sec-sms-format = Inserisci le 6 cifre dell’SMS.
sec-sms-mismatch = Il codice non corrisponde a quello dell’SMS, oppure è scaduto. Riprova, oppure invia un nuovo codice.
sec-back = Torna alla sicurezza

## Aggiungere un dispositivo di autenticazione

sec-push-title = Aggiungi un dispositivo di autenticazione
sec-push-give = Passa questo link monouso al dispositivo: scansiona il codice QR con l’app oppure, su un computer, esegui
sec-push-qr = Codice QR del link di registrazione
sec-push-once = Il link funziona una sola volta, per 15 minuti.
sec-push-then = Poi inserisci il codice a 6 cifre mostrato dal dispositivo
sec-push-then-after = : dimostra che il dispositivo è tuo e funziona anche quando il dispositivo è offline.
sec-push-code = Codice dal dispositivo
sec-push-submit = Aggiungi il dispositivo
sec-push-format = Inserisci le 6 cifre mostrate dal dispositivo.
sec-push-mismatch = Il codice non corrisponde. Inserisci il codice più recente mostrato dal dispositivo.

## Codici di recupero

sec-codes-heading = Salva i tuoi codici di recupero
sec-codes-text = Se perdi la tua app di autenticazione, ognuno di questi codici ti permette di accedere una volta. Vengono mostrati solo ora: scaricali o stampali e conservali in un luogo sicuro.
sec-codes-print = Stampa
sec-codes-download = Scarica come .txt
sec-codes-continue = Li ho salvati, continua
sec-codes-file-title = Codici di recupero twofold per { $email }

## Disattivare l’autenticazione a due fattori, rimuovere un metodo

sec-off-question = Disattivare l’autenticazione a due fattori?
sec-off-text = I tuoi metodi e codici di recupero vengono rimossi e i dispositivi memorizzati dimenticati; il tuo account sarà poi protetto solo dalla sua password.
sec-off-submit = Disattivala
sec-off-keep = Lasciala attiva
sec-remove-title = Rimuovi un metodo
sec-remove-question = Rimuovere «{ $label }»?
sec-remove-last = È il tuo ultimo secondo fattore: l’autenticazione a due fattori si disattiva.
sec-remove-others = Puoi ancora accedere con gli altri tuoi metodi.
sec-remove-submit = Rimuovi { $label }
sec-remove-keep = Mantienilo

## Dove hai eseguito l’accesso

sec-sessions-intro = Tutti i browser e le app collegati al tuo account. Se non ne riconosci uno, disconnettilo e cambia la tua password.
sec-col-browser = Browser o app
sec-col-address = Indirizzo
sec-col-signed-in = Accesso eseguito
sec-col-last-active = Ultima attività
sec-this-browser = (questo browser)
sec-step-pending = (secondo passaggio non superato)
sec-sign-out = Esci
sec-sign-out-which = { $browser } da { $ip }
sec-sign-out-others = Esci da tutte le altre sessioni
sec-sessions-ended = La sessione è stata disconnessa.
sec-sessions-others-ended = Tutte le altre sessioni sono state disconnesse.
sec-unknown-address = sconosciuto
sec-ua-on = { $browser } su { $os }
sec-ua-a-browser-on = Un browser su { $os }
sec-ua-unknown = Client sconosciuto

## Accessi in attesa di approvazione

sec-requests-title = Accessi da approvare
sec-requests-none = Nessun accesso è in attesa della tua approvazione.
sec-request-heading = Accesso da { $from } il { $at }
sec-request-pick = Se sei tu, scegli il numero mostrato da quell’accesso. Un numero sbagliato lo rifiuta.
sec-request-deny = Rifiuta
sec-request-not-me = Non ero io
sec-from-unknown = un indirizzo sconosciuto
sec-browser-unknown = un browser sconosciuto
sec-approved = Approvato: l’accesso prosegue.
sec-denied = L’accesso è stato rifiutato.
sec-reported = L’accesso è stato rifiutato e segnalato. Qualcuno conosce la tua password: cambiala subito.

## Eliminare l’account

sec-delete-title = Elimina il tuo account
sec-delete-question = Eliminare il tuo account?
sec-delete-text = L’eliminazione di { $email } è definitiva: lasci tutte le organizzazioni, le app collegate con questo account vengono disconnesse e i tuoi metodi, password per app, dispositivi e sessioni vengono cancellati. I registri di audit delle organizzazioni conservano quanto accaduto sotto uno pseudonimo. L’ultimo proprietario di un’organizzazione deve prima cederla.
sec-delete-export-link = Scarica i tuoi dati
sec-delete-export-after = prima (un file JSON, senza segreti).
sec-delete-password = La tua password
sec-delete-submit = Elimina definitivamente il mio account
sec-delete-keep = Mantieni il mio account
sec-delete-wrong-password = La password è sbagliata: non è stato eliminato nulla.

## Un nuovo indirizzo email

sec-email-confirm-title = Conferma il tuo nuovo indirizzo
sec-email-confirm-text = Una volta confermato, accedi con il nuovo indirizzo e quello vecchio non funziona più. Il tuo vecchio indirizzo viene avvisato.
sec-email-confirm-submit = Usa il nuovo indirizzo
sec-email-confirm-later = Non ora
sec-email-wrong-password = La password è sbagliata: l’indirizzo non è stato cambiato.

## Inviti all’account

sec-inv-none = Nessun invito in attesa per { $email }.
sec-inv-intro = Le organizzazioni che hanno invitato { $email }. Accetta per unirti, oppure rifiuta: il link dell’invito smette allora di funzionare.
sec-inv-as = Come { $role }
sec-inv-as-external = Come { $role } (esterno)
sec-inv-invited-by = { $terms }, invitato da { $email }
sec-inv-valid = { $terms }. Valido fino al { $date }.
sec-inv-manage-ask = { $org } chiede di gestire il tuo account:
sec-inv-manage-text = i suoi proprietari e amministratori potrebbero reimpostare la tua autenticazione a due fattori (rimuovere i tuoi secondi fattori, codici di recupero, password per app e dispositivi memorizzati, e disconnetterti ovunque). Un account può essere gestito da una sola organizzazione; la gestione termina quando la lasci.
sec-inv-manage-agree = Accetto che { $org } gestisca il mio account
sec-inv-accept = Accetta
sec-inv-decline = Rifiuta
sec-inv-to = l’invito di { $org }
sec-inv-by-link = Accettalo o rifiutalo con il link nell’email di invito: il tuo indirizzo non è mai stato confermato tramite un link, quindi questa pagina non può garantirlo.
sec-inv-setup-link = Configura l’autenticazione a due fattori
sec-inv-setup-after = , poi torna su questa pagina.
sec-invitation-declined = L’invito è stato rifiutato: il suo link non funziona più.

## Passkey (accedere solo con essa).
sec-kind-passkey = passkey
sec-kind-passkey-synced = passkey, sincronizzata
sec-passkey-hint = Una passkey ti fa accedere con l’impronta, il volto o il blocco schermo: niente password, niente codice, e non può essere rubata con il phishing.
sec-passkey-add = Aggiungi una passkey
sec-passkey-default-name = Passkey
sec-passkey-title = Aggiungi una passkey
sec-passkey-intro = Il browser ti chiederà di confermare che sei tu con l’impronta, il volto, il blocco schermo o il PIN della tua chiave di sicurezza. La prossima volta accedi solo con la passkey.
sec-passkey-submit = Crea la mia passkey

## L’offerta di una passkey, una volta, dopo un accesso con un codice.
offer-passkey-title = Accedi più in fretta la prossima volta
offer-passkey-text = Hai appena digitato un codice. Con una passkey bastano l’impronta, il volto o il blocco schermo: niente password, niente codice, e nessun sito falso può usarla.
offer-passkey-later = Non ora
offer-passkey-once = Lo chiediamo solo questa volta. Puoi aggiungere una passkey in qualsiasi momento nella pagina di sicurezza.
# Turning 2FA off, when an organization requires it (said before the button).
sec-off-required-by = { $count ->
    [one] { $orgs } richiede l’autenticazione a due fattori ai suoi membri: non puoi disattivarla finché ne fai parte. Puoi invece cambiare o aggiungere metodi.
   *[other] { $orgs } richiedono l’autenticazione a due fattori ai loro membri: non puoi disattivarla finché ne fai parte. Puoi invece cambiare o aggiungere metodi.
}
# The link a guest gets beside an organization's requirement on the security page.
sec-req-leave = Oppure, come ospite, lascia { $org }.

# Known networks (issue 21)
sec-col-network = Rete
sec-device-network-unknown = sconosciuta
sec-device-network-only = solo questa rete
sec-device-used-from = { $date } da { $address }
