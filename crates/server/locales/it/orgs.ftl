# Home, and the pages of an organization: overview, members, policy, invitations, audit log, apps.

## Home

home-title = Home
home-welcome = Ti diamo il benvenuto, { $name }
home-next-heading = Cosa fare adesso
home-all-in-order = È tutto in ordine: non c’è niente in sospeso.
home-orgs-heading = Le tue organizzazioni
home-no-orgs = Non fai ancora parte di nessuna organizzazione.
home-see-invitations = Vedi i tuoi inviti
home-col-org = Organizzazione
home-col-role = Il tuo ruolo
home-col-requires = Richiede l’autenticazione a due fattori
home-col-you = Tu
home-yes = Sì
home-from = Dal { $date }
home-no = No
home-create-heading = Crea un’organizzazione
home-org-name-label = Nome dell’organizzazione
home-create-submit = Crea l’organizzazione
home-security-link = Le tue impostazioni di sicurezza
home-step-set-up-by = { $org } richiede l’autenticazione a due fattori: attivala entro il { $date }.
home-step-set-up-now = { $org } richiede l’autenticazione a due fattori e ti blocca finché non la attivi.
home-step-set-up = Il tuo account è protetto solo dalla password. Un secondo fattore lo protegge anche se la password viene divulgata.
home-action-set-up = Attiva l’autenticazione a due fattori
home-step-approve = { $count ->
    [one] { $count } accesso da un altro dispositivo attende la tua approvazione.
   *[other] { $count } accessi da altri dispositivi attendono la tua approvazione.
}
home-action-approve = Vedi gli accessi in attesa
home-step-recovery-codes = { $count ->
    [0] Non ti rimane nessun codice di recupero.
    [one] Ti rimane solo { $count } codice di recupero.
   *[other] Ti rimangono solo { $count } codici di recupero.
}
home-action-recovery-codes = Genera nuovi codici di recupero
home-step-invitations = { $count ->
    [one] { $count } invito ti aspetta.
   *[other] { $count } inviti ti aspettano.
}
home-standing-due = Mancante: da attivare entro il { $date }
home-standing-stopped = Mancante: sei bloccato
home-standing-set-up = Attivata
home-standing-not-required = Non richiesta

## An organization's overview

org-external = { $name } (esterno)
org-your-role = Il tuo ruolo: { $role }.
org-2fa-label = Autenticazione a due fattori:
org-2fa-required = obbligatoria
org-2fa-required-from = obbligatoria dal { $date }
org-2fa-not-required = non ancora obbligatoria
org-enrolled = { $enrolled ->
    [one] { $enrolled } membro su { $members } ha l’autenticazione a due fattori ({ $percentage }%).
   *[other] { $enrolled } membri su { $members } hanno l’autenticazione a due fattori ({ $percentage }%).
}
org-link-members = Membri
org-link-members-without = Membri senza 2FA
org-link-policy = Regola a due fattori
org-link-invite = Invita
org-link-audit = Registro di audit
org-link-apps = App
org-stopped-nobody = Ogni membro ha un secondo fattore consentito: nessuno viene bloccato.
org-stopped-from = { $count ->
    [one] { $count } membro senza un secondo fattore consentito verrà bloccato dal { $date }.
   *[other] { $count } membri senza un secondo fattore consentito verranno bloccati dal { $date }.
}
org-stopped-now = { $count ->
    [one] { $count } membro senza un secondo fattore consentito è bloccato ora.
   *[other] { $count } membri senza un secondo fattore consentito sono bloccati ora.
}
org-would-stop = { $count ->
    [one] Richiedere l’autenticazione a due fattori bloccherebbe { $count } membro alla scadenza.
   *[other] Richiedere l’autenticazione a due fattori bloccherebbe { $count } membri alla scadenza.
}

## The adoption chart of the overview and its table

chart-heading = Adozione nel tempo
chart-empty = I dati del primo giorno vengono registrati entro un minuto; il grafico cresce giorno dopo giorno.
chart-caption = Quota di membri con l’autenticazione a due fattori (qualsiasi metodo), giorno per giorno, negli ultimi 30 giorni: la tabella qui sotto riporta i dati.
chart-table-caption = Membri con l’autenticazione a due fattori per giorno
chart-col-day = Giorno
chart-col-members = Membri
chart-col-with = Con 2FA
chart-col-share = Quota
chart-percent = { $value }%

## Members

members-title = Membri di { $org }
members-search-label = Cerca membri
members-show-label = Mostra
members-show-everyone = Tutti
members-show-without = Senza 2FA
members-show-with = Con 2FA
members-filter = Filtra
members-remind-all = Invia un promemoria a tutti i membri senza 2FA
members-table-caption = I membri e la loro autenticazione a due fattori
members-col-member = Membro
members-col-role = Ruolo
members-col-2fa = Autenticazione a due fattori
members-col-actions = Azioni
members-badge-on = Attiva
members-badge-missing = Mancante
members-deadline = scadenza { $date }
members-deadline-passed = scadenza superata
members-remind-one = Invia promemoria 2FA
members-remind-to = a { $email }
members-actions-link = Azioni
members-actions-for = per { $email }
members-next-page = Pagina successiva
members-csv = Scarica in formato CSV
members-flash-alerted = Avviso di sicurezza inviato.
members-flash-role-changed = Il ruolo è stato modificato.
members-flash-removed = Il membro è stato rimosso.
members-role-option-member = Membro
members-role-option-admin = Amministratore
members-role-option-legal-representative = Rappresentante legale
members-role-option-owner = Proprietario

## One member

member-title = { $email } in { $org }
member-role-in = { $role } in
member-2fa-label = Autenticazione a due fattori:
member-actions-heading = Azioni
member-send-alert = Invia avviso di sicurezza
member-remove-link = Rimuovi da { $org }
member-role-heading = Ruolo
member-role-label = Ruolo
member-change-role = Cambia ruolo
member-deadline-heading = Scadenza per attivare l’autenticazione a due fattori
member-own-deadline-label = Scadenza personale di { $name }
member-deadline-hint = Più lontana o più vicina di quella dell’organizzazione, solo per questo membro; se vuota, vale quella dell’organizzazione. Mai la tua; quella di un proprietario o di un rappresentante legale solo da parte di un proprietario. Ti chiede il secondo fattore se non l’hai usato negli ultimi minuti.
member-set-deadline = Imposta la scadenza
member-not-enforced = { $org } non richiede l’autenticazione a due fattori: la scadenza personale di un membro si applicherà quando la richiederà
member-policy-link = vedi la regola
member-reset-heading = Reimposta l’autenticazione a due fattori
member-reset-text = { $org } gestisce l’account di { $name }: puoi reimpostarne l’autenticazione a due fattori se ha perso i suoi fattori.
member-reset-link = Reimposta l’autenticazione a due fattori di { $name }
member-flash-deadline = La scadenza del membro è stata modificata.
member-flash-mfa-reset = La sua autenticazione a due fattori è stata reimpostata: configurerà un nuovo secondo fattore al prossimo accesso ed è stato avvisato via e-mail.
member-remove-title = Rimuovi un membro
member-remove-heading = Rimuovere { $email } da { $org }?
member-remove-text = Perde subito l’accesso all’organizzazione e viene avvisato via e-mail.
member-remove-submit = Rimuovi { $email }
member-remove-keep = Non rimuovere
member-reset-title = Reimposta l’autenticazione a due fattori di { $name }
member-reset-confirm-heading = Reimpostare l’autenticazione a due fattori di { $name }?
member-reset-confirm-text = { $email } perde tutti i secondi fattori e i codici di recupero, le password per app e i dispositivi memorizzati, e viene disconnesso ovunque. Al prossimo accesso dovrà configurare un nuovo secondo fattore prima di ogni altra cosa. Viene avvisato via e-mail, e la reimpostazione compare nel registro di audit di { $org }.
member-reset-confirm-care = Fallo solo se sei sicuro che la richiesta venga proprio da questa persona (telefono perso, chiave rotta), tramite un canale di cui ti fidi.
member-reset-submit = Reimposta la sua autenticazione a due fattori
member-reset-keep = Non cambiare nulla

## The two-factor policy

policy-title = Regola a due fattori di { $org }
policy-enrolled = { $enrolled ->
    [one] { $enrolled } membro su { $members } ha un secondo fattore consentito ({ $percentage }%).
   *[other] { $enrolled } membri su { $members } hanno un secondo fattore consentito ({ $percentage }%).
}
policy-enforcement-on = L’obbligo è attivo.
policy-enforcement-off = L’obbligo non è attivo.
policy-preview-heading = Chi verrebbe bloccato dall’obbligo ({ $count })
policy-preview-more = { $count ->
    [one] E { $count } altro: vedi l’elenco dei membri.
   *[other] E altri { $count }: vedi l’elenco dei membri.
}
policy-enforced-label = Richiedi l’autenticazione a due fattori a ogni membro
policy-start-label = Inizio (UTC, anno-mese-giorno ora:minuti; vuoto: subito)
policy-start-hint = Fino ad allora, la data viene ricordata ai membri a ogni accesso.
policy-strict-label = Modalità rigorosa: non attivarlo finché un membro non ce l’ha
policy-auto-label = Automatico: attivarlo da solo appena l’ultimo membro ce l’ha
policy-methods-legend = Metodi validi
policy-exempt-legend = Continuano a funzionare senza autenticazione a due fattori
policy-client-native = App desktop e mobili
policy-client-sync = Strumenti di sincronizzazione (password per app)
policy-client-web = La console web
policy-remembered-label = I membri possono far memorizzare un dispositivo
policy-remembered-days-label = Giorni in cui un dispositivo memorizzato salta il secondo passaggio
policy-new-member-days-label = Giorni a disposizione dei nuovi membri per attivarla
policy-app-passwords-label = I membri possono usare password per app
policy-save = Salva la regola
policy-flash-saved = La regola è stata salvata.
policy-strict-error = { $count ->
    [one] Modalità rigorosa: { $count } membro non ha ancora l’autenticazione a due fattori ({ $emails }). Invia un promemoria, poi riprova.
   *[other] Modalità rigorosa: { $count } membri non hanno ancora l’autenticazione a due fattori ({ $emails }). Invia loro un promemoria, poi riprova.
}
policy-confirm-stopped-heading = Membri che verranno bloccati ({ $count })
policy-confirm-type = Digita { $word } per confermare
policy-confirm-retry = Digita { $word } esattamente così, in maiuscolo.
policy-confirm-cancel = Annulla
policy-stop-heading = Disattivare l’obbligo a due fattori?
policy-stop-text = I membri senza autenticazione a due fattori potranno di nuovo entrare. I proprietari vengono avvisati via e-mail.
policy-stop-button = Disattiva l’obbligo
policy-enforce-heading = Attivare l’obbligo a due fattori?
policy-enforce-text-scheduled = I membri senza un secondo fattore consentito vengono avvisati via e-mail ora e bloccati nella console web dalla data che hai scelto.
policy-enforce-text-now = I membri senza un secondo fattore consentito vengono bloccati nella console web alla loro prossima richiesta e avvisati via e-mail.
policy-enforce-button = Attiva l’obbligo

## Invitations

invite-title = Invita in { $org }
invite-heading = Invita qualcuno in { $org }
invite-email-label = E-mail
invite-role-label = Ruolo
invite-external-label = Esterno (un ospite esterno all’organizzazione)
invite-manage-label = Chiedi di gestire il suo account (l’organizzazione potrebbe reimpostarne l’autenticazione a due fattori; la persona deve acconsentire quando accetta)
invite-submit = Invia l’invito
invite-waiting-heading = In attesa di accettazione
invite-none = Nessun invito in attesa.
invite-table-caption = Inviti in attesa di accettazione
invite-col-email = E-mail
invite-col-role = Ruolo
invite-col-until = Link valido fino al
invite-col-actions = Azioni
invite-resend = Invia di nuovo
invite-revoke = Revoca
invite-of = l’invito di { $email }
invite-flash-sent = L’invito è stato inviato.
invite-flash-sent-to = L’invito è stato inviato a { $email }.
invite-flash-resent-to = L’invito è stato inviato di nuovo a { $email }; il link precedente non funziona più.
invite-flash-revoked = L’invito è stato revocato: il suo link non funziona più.
invite-flash-resent = L’invito è stato inviato di nuovo; il link precedente non funziona più.
invitation-title = Invito
invitation-heading = Unisciti a { $org }
invitation-text-before = Sei invitato a unirti all’organizzazione
invitation-text-after = come { $role }.
invitation-accept = Accetta l’invito
invitation-set-up = Attiva l’autenticazione a due fattori
invitation-come-back = , poi torna su questa pagina.

## The audit log

audit-title = Registro di audit di { $org }
audit-table-caption = Eventi, dal più recente
audit-col-when = Quando (UTC)
audit-older = Eventi meno recenti

## Apps (OpenID Connect clients)

apps-title = App di { $org }
apps-intro = Le app in cui le persone dell’organizzazione accedono tramite twofold (OpenID Connect). La sua regola a due fattori vale anche lì.
apps-registered-heading = App registrata
apps-client-id = ID client:
apps-client-secret = Segreto client, mostrato solo questa volta:
apps-table-caption = App registrate
apps-col-name = Nome
apps-col-client-id = ID client
apps-col-type = Tipo
apps-col-uris = URI di reindirizzamento
apps-col-actions = Azioni
apps-row-type = { $type }, { $kind }
apps-type-confidential = riservata
apps-type-public = pubblica
apps-kind-web = web
apps-kind-native = nativa
apps-remove = Rimuovi { $name }
apps-register-heading = Registra un’app
apps-name-label = Nome
apps-type-label = Tipo
apps-type-confidential-option = Riservata (un server che custodisce un segreto)
apps-type-public-option = Pubblica (un’app nativa o per browser, con PKCE)
apps-kind-label = Genere
apps-kind-web-option = App web
apps-kind-native-option = App nativa
apps-uris-label = URI di reindirizzamento, uno per riga
apps-more = Altre opzioni
apps-post-logout-label = Dopo la disconnessione, invia le persone a (uno per riga)
apps-post-logout-hint = Dove l’app può chiedere a twofold di inviare le persone dopo averle disconnesse.
apps-backchannel-label = URI di logout back-channel
apps-backchannel-hint = twofold avvisa subito l’app a questo indirizzo quando la sessione di una persona termina: si disconnette, lascia l’organizzazione o viene bloccata dalla sua regola a due fattori.
apps-alg-label = Firma dell’ID token
apps-alg-es256 = ES256 (consigliato)
apps-alg-rs256 = RS256 (per le librerie che conoscono solo RSA)
apps-register = Registra

org-phishing-resistant = { $count } su { $members } hanno un fattore resistente al phishing (chiave di sicurezza o passkey).

policy-phishing-resistant-only = Solo resistenti al phishing
policy-phishing-resistant-hint = Seleziona solo «chiave di sicurezza» per accettare solo fattori resistenti al phishing: chiavi di sicurezza e passkey rispondono solo a questo sito, mentre codici e approvazioni push possono essere inoltrati da un sito falso.

# The policy page: its state, the main choice and the folded options.
policy-enforcement-scheduled = L’obbligo è programmato: inizia il { $date }.
policy-preview-heading-on = Bloccati ora ({ $count })
policy-preview-heading-scheduled = Bloccati dal { $date } se non lo attivano prima ({ $count })
policy-enforced-hint = I membri senza un secondo fattore consentito vengono bloccati nella console web e nelle app che accedono tramite twofold finché non ne configurano uno.
policy-more-options = Altre opzioni
policy-strict-hint = Salvare con l’obbligo attivo non riesce, e indica chi manca, finché ogni membro non ha un secondo fattore consentito.
policy-auto-hint = Fino ad allora non si chiede nulla; l’obbligo inizia appena l’ultimo membro configura un secondo fattore.
policy-exempt-hint = Ciò che i membri senza autenticazione a due fattori possono ancora usare quando è obbligatoria: ciò che era già connesso continua a funzionare; i tipi spuntati possono anche accedere di nuovo.
policy-remembered-hint = Dopo un secondo passaggio, un browser può saltarlo per i giorni indicati sotto.
policy-new-member-days-hint = Chi entra quando l’obbligo è già attivo ha questo numero di giorni dall’ingresso; 0: subito.
policy-app-passwords-hint = Password per gli strumenti di sincronizzazione (posta, calendari, file) che non sanno chiedere un secondo fattore.
policy-enforce-now-heading = Bloccare ora i membri senza un secondo fattore consentito?
policy-enforce-now-button = Applica ora

# The members page: reminders said in figures, the last reminder, a wide table.
members-col-reminded = Ultimo promemoria
members-table-scroll = La tabella scorre di lato: le azioni sono a destra.
members-flash-reminded-count = { $count ->
    [0] Nessun promemoria è stato inviato.
    [one] Un promemoria è stato inviato a 1 membro.
   *[other] Sono stati inviati promemoria a { $count } membri.
}
members-flash-reminded-skipped = { $count ->
    [one] 1 membro è stato saltato: già avvisato nelle ultime { $hours } ore.
   *[other] { $count } membri sono stati saltati: già avvisati nelle ultime { $hours } ore.
}

# Leaving an organization, after a page that asks.
leave-title = Lasciare { $org }?
leave-text = Non sarai più membro di { $org }: le sue app non ti faranno più accedere tramite twofold, e solo un nuovo invito ti riporterà. Il tuo account resta.
leave-stay = Resta
# The invitation page: who sent it, and declining from the link.
invitation-by-middle = ti invita a unirti all’organizzazione
invitation-decline = Rifiuta

# The audit log in sentences.
audit-actor-twofold = twofold
audit-col-event = Cosa è successo
audit-policy-on-from = { $actor } ha attivato l’obbligo a due fattori, dal { $date }
audit-policy-on = { $actor } ha attivato l’obbligo a due fattori, subito
audit-policy-off = { $actor } ha disattivato l’obbligo a due fattori
audit-policy-date = { $actor } ha spostato l’inizio dell’obbligo al { $date }
audit-policy-date-now = { $actor } ha fatto iniziare l’obbligo subito
audit-policy-changed = { $actor } ha modificato la politica a due fattori
audit-org-mfa-reminders-sent = { $count ->
    [0] { $actor } non ha inviato promemoria 2FA: tutti ne avevano ricevuto uno di recente
    [one] { $actor } ha inviato un promemoria 2FA a 1 membro
   *[other] { $actor } ha inviato promemoria 2FA a { $count } membri
}
audit-org-created = { $actor } ha creato l’organizzazione
audit-org-invitation-created = { $actor } ha invitato { $target } come { $role }
audit-org-invitation-accepted = { $actor } ha accettato l’invito ed è entrato come { $role }
audit-org-invitation-revoked = { $actor } ha revocato l’invito di { $target }
audit-org-invitation-declined = { $actor } ha rifiutato l’invito
audit-org-member-role-changed = { $actor } ha dato a { $target } il ruolo { $role }
audit-org-member-removed = { $actor } ha rimosso { $target }
audit-org-member-left = { $actor } ha lasciato l’organizzazione
audit-org-mfa-policy-auto-enforced = L’obbligo a due fattori si è attivato da solo: ogni membro l’aveva configurata
audit-org-security-alert-sent = { $actor } ha inviato un avviso di sicurezza a { $target }
audit-org-member-mfa-deadline-changed = { $actor } ha dato a { $target } una scadenza propria
audit-org-member-mfa-reset = { $actor } ha reimpostato l’autenticazione a due fattori di { $target }
audit-org-member-mfa-reset-elsewhere = L’organizzazione che gestisce l’account di { $target } ne ha reimpostato l’autenticazione a due fattori
audit-org-client-registered = { $actor } ha registrato l’app { $target }
audit-org-client-removed = { $actor } ha rimosso l’app { $target }
audit-other = { $actor }: { $code } ({ $target })

# Known networks (issue 21)
policy-networks-label = I dispositivi memorizzati saltano il secondo passaggio solo da reti note
policy-networks-hint = Nota: la rete in cui il dispositivo è stato memorizzato (lo stesso /24 IPv4 o /64 IPv6), o una delle reti attendibili qui sotto. Altrove viene chiesto il secondo passaggio e il titolare viene avvisato. Per chi appartiene a più organizzazioni vale la più severa.
policy-trusted-label = Reti attendibili
policy-trusted-hint = I vostri uffici e la VPN, in notazione CIDR, uno per riga: 203.0.113.0/24, 2001:db8::/48. Al massimo 500.
