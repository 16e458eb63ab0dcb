# E-mail e SMS. Ogni messaggio è un paragrafo di un’e-mail, su una sola riga.

mail-hello = Ciao,
mail-api = Oppure con l’API: { $request }
mail-api-with = Oppure con l’API: { $request } con { $json }
mail-contact-owners = Se non te lo aspettavi, contatta i proprietari dell’organizzazione.

mail-method-webauthn = chiave di sicurezza
mail-method-push = app di approvazione push
mail-method-totp = app di autenticazione
mail-method-sms = codice SMS

## Invitations

mail-invitation-subject = Invito nell’organizzazione { $org } su twofold
mail-invitation-invited = La persona di nome { $inviter } ti ha invitato a entrare nell’organizzazione { $org } con il ruolo { $role }.
mail-invitation-requires-mfa = L’organizzazione { $org } richiede l’autenticazione a due fattori: configura un secondo fattore (un’app di autenticazione o una chiave di sicurezza) sul tuo account prima di accettare.
mail-invitation-manage = L’organizzazione { $org } chiede anche di gestire il tuo account. Se accetti (ti verrà chiesto al momento di accettare l’invito), i suoi proprietari e amministratori potranno reimpostare la tua autenticazione a due fattori: rimuovere i tuoi secondi fattori e codici di recupero, revocare le tue password per app e i tuoi dispositivi memorizzati e disconnetterti ovunque. Un account può essere gestito da una sola organizzazione, e la gestione termina quando la lasci. Per accettare con l’API, invia { $json }.
mail-invitation-accept = Accetta l’invito qui:
mail-invitation-join = Nuovo su twofold? Crea il tuo account ed entra nell’organizzazione in un solo passaggio (il link funziona solo per questo indirizzo e solo per te: non condividerlo):
mail-invitation-expires = L’invito scade il { $expires }. Se non te lo aspettavi, ignora questa e-mail.

## Memberships

mail-role-changed-subject = Il tuo ruolo nell’organizzazione { $org } è cambiato
mail-role-changed = Il tuo ruolo nell’organizzazione { $org } ora è: { $role }.
mail-removed-subject = Sei stato rimosso dall’organizzazione { $org }
mail-removed = Non sei più membro dell’organizzazione { $org }.

## Links

mail-verify-subject = Conferma il tuo indirizzo e-mail
mail-verify-confirm = Qualcuno si è registrato su twofold con questo indirizzo il { $at }. Se sei stato tu, conferma che l’indirizzo è tuo per completare la creazione del tuo account (la pagina ti chiede la password che hai scelto; il link funziona una sola volta, fino al { $until }):
mail-verify-ignore = Se non ti sei registrato in quel momento, ignora questa e-mail: un account il cui indirizzo non è confermato viene eliminato dopo { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    } e non può mai accedere.
mail-email-change-subject = Conferma il tuo nuovo indirizzo twofold
mail-email-change-confirm = Un account twofold ha chiesto di usare questo indirizzo. Dopo aver effettuato l’accesso a quell’account, confermalo qui (il link funziona una sola volta, fino al { $until }):
mail-email-change-ignore = Se non l’hai chiesto tu, ignora questa e-mail: non cambia nulla.
mail-reset-subject = Reimposta la tua password twofold
mail-reset-choose = Qualcuno ha chiesto di reimpostare la password dell’account twofold di questo indirizzo. Scegli una nuova password qui (il link funziona una sola volta, fino al { $until }):
mail-reset-effects = Una nuova password chiude tutte le sessioni e dimentica i dispositivi memorizzati. Se il tuo account usa l’autenticazione a due fattori, al prossimo accesso ti verrà comunque chiesto il secondo fattore.
mail-reset-ignore = Se non l’hai chiesto tu, ignora questa e-mail: la tua password resta invariata.

## A manager's security review of a member's account

mail-alert-subject = Verifica della sicurezza del tuo account, da { $org }
mail-alert-review = { $sender }, che gestisce l’organizzazione { $org }, ti chiede di verificare la sicurezza del tuo account twofold. Ecco la situazione:
mail-alert-advice = Se qualcosa qui non è tuo (un metodo, una password per app, un dispositivo), rimuovilo dalla pagina di sicurezza del tuo account: { $url }. Se l’autenticazione a due fattori è disattivata, attivala da lì.
mail-summary-mfa-off = Autenticazione a due fattori: DISATTIVATA. Il tuo account è protetto solo dalla password.
mail-summary-methods = Metodi a due fattori:
mail-summary-method = { $method } «{ $label }», dal { $added }
mail-summary-codes-left = Codici di recupero rimasti: { $count }
mail-summary-app-passwords = Password per app: { $count }
mail-summary-app-password = «{ $label }», creata il { $created }, ultimo utilizzo il { $used }
mail-summary-app-password-unused = «{ $label }», creata il { $created }, mai utilizzata
mail-summary-devices = Dispositivi memorizzati: { $count }
mail-summary-device = «{ $label }», memorizzato il { $remembered }, ultimo utilizzo il { $used }

## Reminders to set up two-factor authentication

mail-reminder-asks-subject = Promemoria: { $org } ti chiede di configurare l’autenticazione a due fattori
mail-reminder-requires-subject = Promemoria: { $org } richiede l’autenticazione a due fattori
mail-reminder-asks = L’organizzazione { $org } chiede ai suoi membri di configurare l’autenticazione a due fattori, e il tuo account non ha ancora un secondo fattore che accetta.
mail-reminder-requires = L’organizzazione { $org } richiede ai suoi membri l’autenticazione a due fattori, e il tuo account non ha ancora un secondo fattore che accetta.
mail-reminder-quick = Ci vogliono due minuti.
mail-reminder-before = Configurala prima del { $deadline }; da quel momento la console web ti blocca finché non lo fai.
mail-reminder-stopped = Finché non la configuri, la console web ti blocca; le app desktop e mobili continuano a funzionare.
mail-reminder-add = Aggiungi un’app di autenticazione o una chiave di sicurezza dalla pagina di sicurezza del tuo account: { $url }
mail-announce-subject = { $org } richiede l’autenticazione a due fattori
mail-announce-now = L’organizzazione { $org } richiede da subito ai suoi membri l’autenticazione a due fattori.
mail-announce-from = L’organizzazione { $org } richiede ai suoi membri l’autenticazione a due fattori a partire dal { $date }.
mail-announce-set-up = Configura un secondo fattore (un’app di autenticazione o una chiave di sicurezza) dalla pagina di sicurezza del tuo account: { $url }
mail-announce-until = Finché non lo fai, la console web ti bloccherà, e così un nuovo accesso da un’app; le app desktop e mobili già connesse prima, e le password per app, continuano a funzionare.

## Security notices

mail-notice-when = Quando: { $at }
mail-notice-advice = Se sei stato tu, non devi fare nulla. Altrimenti, cambia subito la password e controlla i metodi a due fattori, le password per app e i dispositivi memorizzati nella pagina di sicurezza del tuo account.

mail-notice-method-added = Al tuo account twofold è stato aggiunto un secondo fattore: { $method } «{ $label }».
    .subject = Al tuo account è stato aggiunto un metodo a due fattori
mail-notice-default-method = Il metodo { $method } («{ $label }») ora è quello proposto per primo quando accedi.
    .subject = Il tuo metodo a due fattori predefinito è cambiato
mail-notice-method-removed = Il metodo { $method } («{ $label }») è stato rimosso dal tuo account twofold.
    .subject = Un metodo a due fattori è stato rimosso dal tuo account
mail-notice-last-method-removed = Il metodo { $method } («{ $label }») è stato rimosso dal tuo account twofold. Era l’ultimo: l’autenticazione a due fattori ora è disattivata.
    .subject = Un metodo a due fattori è stato rimosso dal tuo account
mail-notice-mfa-off = L’autenticazione a due fattori è stata disattivata sul tuo account twofold: i suoi metodi e codici di recupero sono stati rimossi e i dispositivi memorizzati dimenticati.
    .subject = L’autenticazione a due fattori è stata disattivata
mail-notice-recovery-codes = È stata creata una nuova serie di codici di recupero per il tuo account twofold; i codici precedenti non funzionano più.
    .subject = Sono stati creati nuovi codici di recupero
mail-notice-reset-by-operator = Un operatore di questo server twofold ha reimpostato l’autenticazione a due fattori del tuo account: i suoi metodi e codici di recupero sono stati rimossi, i dispositivi memorizzati dimenticati e tutte le sessioni chiuse. Accedi e configura un nuovo secondo fattore: finché non lo fai, il tuo account (password per app comprese) non può fare nient’altro.
    .subject = La tua autenticazione a due fattori è stata reimpostata
mail-notice-reset-by-manager = { $manager }, che gestisce l’organizzazione { $org }, a cui è affidata la gestione del tuo account, ha reimpostato l’autenticazione a due fattori del tuo account: i suoi metodi e codici di recupero sono stati rimossi, le sue password per app revocate, i suoi dispositivi memorizzati dimenticati e tutte le sessioni chiuse. Accedi con la tua password e configura un nuovo secondo fattore: finché non lo fai, il tuo account non può fare nient’altro.
    .subject = La tua autenticazione a due fattori è stata reimpostata
mail-notice-app-password-created = Sul tuo account twofold è stata creata una password per app di nome «{ $label }». Gli strumenti di sincronizzazione possono accedere con essa finché non la revochi.
    .subject = È stata creata una password per app
mail-notice-app-password-revoked = Una password per app del tuo account twofold è stata revocata; gli strumenti di sincronizzazione che la usano non possono più accedere.
    .subject = Una password per app è stata revocata
mail-notice-device-remembered = Un browser ({ $label }) è stato memorizzato sul tuo account twofold: gli accessi da questo browser saltano il secondo passaggio per { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    }. Puoi dimenticarlo dalla pagina di sicurezza del tuo account.
    .subject = Un browser salterà il secondo passaggio
mail-notice-totp-replayed = Un accesso al tuo account twofold ha presentato un codice della tua app di autenticazione già usato, ed è stato rifiutato. Se non hai semplicemente inviato due volte lo stesso codice, qualcuno potrebbe aver visto o ottenuto con il phishing il tuo codice e conosce la tua password: cambia la password.
    .subject = Un codice della tua app di autenticazione è stato usato due volte
mail-notice-key-cloned = Un accesso al tuo account twofold ha usato una delle tue chiavi di sicurezza, ma il contatore delle firme della chiave è tornato indietro: potrebbe esistere una copia della chiave. L’accesso è stato rifiutato. Rimuovi quella chiave dalla pagina di sicurezza del tuo account e registrane una nuova.
    .subject = Una delle tue chiavi di sicurezza potrebbe essere stata copiata
mail-notice-recovery-code-used = È stato usato un codice di recupero per accedere al tuo account twofold. Ogni codice funziona una sola volta; { $left ->
        [one] ti resta { $left } codice
       *[other] ti restano { $left } codici
    }. Se hai perso il tuo secondo fattore, configurane uno nuovo e crea nuovi codici di recupero.
    .subject = È stato usato un codice di recupero per accedere
mail-notice-second-step-locked = Qualcuno che conosce la tua password ha inserito { $failures } codici del secondo fattore errati di fila, quindi il secondo passaggio di accesso al tuo account twofold è bloccato per ora. Se non sei stato tu, cambia subito la password: qualcun altro la conosce.
    .subject = Il tuo secondo passaggio è bloccato dopo troppi codici errati
mail-notice-push-reported = Hai segnalato un accesso al tuo account twofold come non tuo, ed è stato rifiutato. Proveniva da { $from }, con la tua password: qualcun altro la conosce. Cambia subito la password. Le richieste di approvazione ai tuoi dispositivi sono sospese per un’ora.
    .subject = Un accesso che non hai fatto tu è stato bloccato
mail-notice-push-reported-unknown = Hai segnalato un accesso al tuo account twofold come non tuo, ed è stato rifiutato. Proveniva da un indirizzo sconosciuto, con la tua password: qualcun altro la conosce. Cambia subito la password. Le richieste di approvazione ai tuoi dispositivi sono sospese per un’ora.
    .subject = Un accesso che non hai fatto tu è stato bloccato
mail-notice-password-changed = La password del tuo account twofold è stata cambiata. Le tue altre sessioni sono state chiuse e i dispositivi memorizzati dimenticati.
    .subject = La tua password è stata cambiata
mail-notice-password-reset = La password del tuo account twofold è stata reimpostata con un link inviato a questo indirizzo. Tutte le sessioni sono state chiuse e i dispositivi memorizzati dimenticati; i tuoi secondi fattori sono invariati.
    .subject = La tua password è stata reimpostata
mail-notice-address-taken = Un account twofold ha chiesto di usare questo indirizzo, ma un altro account lo usa già, quindi non è cambiato nulla. Se quell’account è tuo, non devi fare nulla.
    .subject = Qualcuno ha cercato di spostare un account twofold su questo indirizzo
mail-notice-address-changing = È stato chiesto di cambiare l’indirizzo del tuo account twofold in { $new }; il cambio avviene quando viene aperto il link inviato lì. Se non sei stato tu, reimposta subito la password ({ $url }/password-reset): una nuova password annulla il cambio e disconnette tutti.
    .subject = L’indirizzo del tuo account twofold sta per cambiare
mail-notice-address-changed = L’indirizzo del tuo account twofold ora è { $new }; questo non permette più di accedere. Se non sei stato tu, reimposta la password dalla casella di posta del nuovo indirizzo o contatta gli amministratori della tua organizzazione.
    .subject = L’indirizzo del tuo account twofold è stato cambiato
mail-notice-account-deleted = Il tuo account twofold e i suoi dati personali sono stati eliminati: i suoi secondi fattori, password per app, sessioni e appartenenze non esistono più. Le organizzazioni conservano il loro registro di audit, dove ora compari con uno pseudonimo.
    .subject = Il tuo account twofold è stato eliminato
mail-notice-enforcement-stopped = { $who } ha smesso di richiedere l’autenticazione a due fattori ai membri di { $org }.
    .subject = L’obbligo dell’autenticazione a due fattori è stato sospeso in { $org }
mail-notice-auto-enforced = Tutti i membri di { $org } hanno configurato l’autenticazione a due fattori, quindi l’obbligo si è attivato da solo, come previsto dalla policy dell’organizzazione. Anche i membri che entreranno in seguito dovranno configurarla.
    .subject = { $org } ora rende obbligatoria l’autenticazione a due fattori
mail-notice-deadline-changed = La tua scadenza per configurare l’autenticazione a due fattori per l’organizzazione { $org } ora è il { $deadline }.
    .subject = La tua scadenza per configurare l’autenticazione a due fattori in { $org } è cambiata
mail-notice-deadline-removed = Non hai più una scadenza per configurare l’autenticazione a due fattori per l’organizzazione { $org }.
    .subject = La tua scadenza per configurare l’autenticazione a due fattori in { $org } è cambiata

## Text messages

sms-code = { $code } è il tuo codice { $issuer }. Scade tra { $valid }. Non condividerlo mai: { $issuer } non te lo chiederà mai.
sms-seconds = { $count ->
        [one] { $count } secondo
       *[other] { $count } secondi
    }
sms-minutes = { $count ->
        [one] { $count } minuto
       *[other] { $count } minuti
    }
# The last paragraph of reminders and announcements: a guest may leave instead.
mail-guests-may-leave = Gli ospiti di { $org } che preferiscono non configurarla possono invece lasciare { $org }, dalla stessa pagina.

# Known networks (issue 21)
mail-notice-device-new-network = Un browser memorizzato sul tuo account twofold ({ $label }) ha effettuato l’accesso con la tua password da una nuova rete ({ $address }), da cui non può saltare il secondo passaggio, che è stato quindi richiesto. Se eri tu, in viaggio o su un’altra connessione, non devi fare nulla. Altrimenti qualcuno conosce la tua password e ha questo browser o una copia del suo cookie: cambia la password e dimentica il browser dalla pagina di sicurezza del tuo account.
    .subject = Il tuo browser ha effettuato l’accesso da una nuova rete
