# What pages say when something fails. The English sentences are also the API's words (its
# problem documents), so they start lower case and end without a full stop; translations are
# read on pages only and may read as sentences.

## The error page.

error-failed-heading = Non è andata a buon fine
error-unavailable-heading = Temporaneamente non disponibile
error-unavailable-text = Al momento il servizio non riesce a raggiungere il suo database. Non è stato modificato nulla: attendi qualche secondo e riprova.
error-form-expired-heading = Questo modulo è scaduto
error-form-expired-text = Torna indietro, ricarica la pagina e invia di nuovo il modulo.
error-go-back = Indietro

## What a request failed with.

# A failure on our side: never says why.
error-internal = Si è verificato un errore da parte nostra
error-email-taken = Esiste già un account con questo indirizzo email
error-invalid-credentials = L’indirizzo email o la password non sono corretti
# $seconds is the number as digits; $count is the same number, to choose a plural form.
error-too-many-attempts = Troppi tentativi; riprova tra { $count ->
        [one] { $seconds } secondo
       *[other] { $seconds } secondi
    }
error-unauthenticated = Accedi prima
error-csrf-failed = Questa richiesta richiede un’intestazione Origin corrispondente o l’intestazione X-CSRF-Token
error-mfa-required = Completa prima l’accesso con il tuo secondo fattore
error-mfa-reset = La tua autenticazione a due fattori è stata reimpostata: configura prima un nuovo secondo fattore (POST /api/v1/me/mfa/totp)
# $orgs is a list of organization names (error-list-and); $count how many there are.
error-mfa-setup-required = { $count ->
        [one] { $orgs } richiede l’autenticazione a due fattori: configurala prima (POST /api/v1/me/mfa/totp) oppure lascia l’organizzazione
       *[other] { $orgs } richiedono l’autenticazione a due fattori: configurala prima (POST /api/v1/me/mfa/totp) oppure lascia queste organizzazioni
    }
# An organization's name in a sentence.
error-org-quoted = «{ $name }»
# The end of a list: $rest is the items before the last, separated by commas.
error-list-and = { $rest } e { $last }
error-already-member = Questa persona è già membro dell’organizzazione
error-last-owner = Un’organizzazione deve avere almeno un proprietario
# $orgs is a list of organization names separated by commas.
error-last-owner-of = Sei l’ultimo proprietario di { $orgs }: nomina prima un altro proprietario (oppure elimina l’organizzazione)
error-invitation-invalid = Questo invito non esiste, è scaduto o è già stato usato
error-password-reset-invalid = Questo link per reimpostare la password non esiste, è scaduto o è già stato usato
error-email-change-invalid = Questo link di conferma non esiste, è scaduto, è già stato usato o appartiene a un altro account
error-verification-invalid = Questo link di conferma non esiste, è scaduto o è già stato usato
error-email-unverified = Conferma prima il tuo indirizzo email: apri il link che ti abbiamo inviato al momento della registrazione
error-invitation-email-mismatch = Questo invito è stato inviato a un altro indirizzo email
error-sign-up-disabled = La creazione di account è disattivata su questo server
error-invalid-code = Il codice è errato, scaduto o già usato
# $minutes as digits; $count the same number, for plural forms.
error-reauthentication-required = Conferma che sei tu: supera di nuovo un secondo fattore (POST /api/v1/sessions/current/mfa) e riprova entro { $count ->
        [one] { $minutes } minuto
       *[other] { $minutes } minuti
    }
error-mfa-required-by-org = Un’organizzazione di cui fai parte richiede l’autenticazione a due fattori: mantieni almeno un metodo che accetta
error-mfa-not-enabled = L’autenticazione a due fattori non è configurata su questo account
error-mfa-required-to-join = Questa organizzazione richiede l’autenticazione a due fattori: configura un secondo fattore, poi accetta l’invito
# $word is what to type, as is (ENFORCE, STOP); `confirm` is the field's name in the API.
error-confirmation-required = Digita { $word } in `confirm` per applicare questa modifica
# $total as digits; $count the same number, for plural forms.
error-members-without-mfa = Modalità rigorosa: ogni membro deve avere l’autenticazione a due fattori prima che possa essere imposta; { $count ->
        [one] { $total } membro non ce l’ha ancora
       *[other] { $total } membri non ce l’hanno ancora
    }
error-app-passwords-not-allowed = Un’organizzazione di cui fai parte non consente le password per app
# $detail is a technical reason, in English.
error-webauthn-unavailable = Le chiavi di sicurezza non sono disponibili su questo server: { $detail }
error-webauthn-ceremony-invalid = Questa operazione con la chiave di sicurezza non esiste, è scaduta o è già stata usata; ricomincia
# $detail is a technical reason, in English.
error-webauthn-rejected = La risposta della chiave di sicurezza è stata rifiutata: { $detail }
# $country is a country code (FR); $allowed a list of them (CH, FR, BE, DE).
error-country-not-allowed = I codici via SMS non vengono inviati ai numeri di questo paese ({ $country }); paesi consentiti: { $allowed }. Usa invece un’app di autenticazione o una chiave di sicurezza
error-sms-paused = Gli SMS sono sospesi su questo server per { $count ->
        [one] { $seconds } secondo
       *[other] { $seconds } secondi
    } (ne sono stati inviati troppi in quest’ora); usa un altro metodo
error-push-challenge-invalid = Questa richiesta di accesso ha già ricevuto risposta, è stata sostituita da una più recente o è scaduta
error-push-denied = L’accesso è stato negato (oppure è stato scelto il numero sbagliato); accedi di nuovo
error-invalid-signature = La firma della risposta non corrisponde alla chiave di questo dispositivo
error-basic-auth-required = Accedi con il tuo indirizzo email e una password per app (HTTP Basic)
error-overloaded = Il server è sovraccarico; riprova tra poco
error-unavailable = Il servizio è temporaneamente non disponibile; riprova tra poco
error-management-consent-required = Questo invito chiede che l’organizzazione gestisca il tuo account (potrebbe reimpostare la tua autenticazione a due fattori): accettalo con accept_management: true per dare il consenso
error-already-managed = Un’altra organizzazione gestisce già questo account; lasciala prima, oppure accetta senza gestione
# $what says what was sent too often (error-limit-…).
error-rate-limited = { $what }; riprova tra { $count ->
        [one] { $seconds } secondo
       *[other] { $seconds } secondi
    }
error-limit-org-invitations = Questa organizzazione ha inviato troppi inviti
error-limit-your-invitations = Hai inviato troppi inviti
error-limit-address-invitations = Questo indirizzo ha ricevuto troppi inviti
error-limit-member-alert = Questo membro ha ricevuto di recente un avviso di sicurezza da questa organizzazione
# $detail is a technical reason, in English.
error-bad-request = Richiesta non valida: { $detail }
error-no-such-route = Questo indirizzo non esiste
error-method-not-allowed = Questo indirizzo non accetta questo metodo
# $reason is a reason we have no translation of, in English.
error-forbidden = Operazione non consentita: { $reason }
error-forbidden-manage-apps = Solo i proprietari e gli amministratori possono gestire le app dell’organizzazione
error-forbidden-managers-only = Solo i proprietari, i rappresentanti legali e gli amministratori possono farlo
error-forbidden-confirm-device = Conferma prima questo dispositivo: digita il codice che mostra nella pagina di sicurezza
error-forbidden-approve-sign-ins = Solo una sessione del browser che ha superato un secondo fattore può approvare gli accessi
error-forbidden-invite-owners = Solo i proprietari possono invitare proprietari o rappresentanti legali
error-forbidden-address-unproved = Il tuo indirizzo non è ancora verificato: usa il link nell’email di invito
error-forbidden-revoke-owner-invitations = Solo i proprietari possono revocare gli inviti di proprietari o rappresentanti legali
error-forbidden-owner-roles = Solo i proprietari possono assegnare o togliere i ruoli di proprietario e rappresentante legale
error-forbidden-remove-members = Solo i proprietari, i rappresentanti legali e gli amministratori possono rimuovere membri
error-forbidden-remove-owners = Solo i proprietari possono rimuovere proprietari o rappresentanti legali
# $what is a thing we have no translation of, in English.
error-not-found = Non trovato: { $what }
error-not-found-account = Account non trovato
error-not-found-app-password = Password per app non trovata
error-not-found-client = App non trovata
error-not-found-device = Dispositivo non trovato
error-not-found-enrollment-code = Codice di registrazione non trovato
error-not-found-invitation = Invito non trovato
error-not-found-member = Membro non trovato
error-not-found-method = Metodo non trovato
error-not-found-organization = Organizzazione non trovata
error-not-found-page = Pagina non trovata
error-not-found-pending-enrollment = Registrazione in sospeso non trovata
error-not-found-session = Sessione non trovata
error-not-found-sign-in-request = Richiesta di accesso non trovata

## A value a form or request gave that was refused: "{ $field }: why". $field is the field's
## name (invalid-field-…, or the API's name of a field we have no translation of).

invalid-field-email = Indirizzo email
invalid-field-password = Password
invalid-field-name = Nome
invalid-field-label = Etichetta
invalid-field-code = Codice
invalid-field-phone = Numero di telefono
invalid-field-number = Numero
invalid-field-role = Ruolo
invalid-field-locale = Lingua
invalid-field-type = Tipo
invalid-field-deadline = Scadenza
invalid-field-enforce-from = Data di applicazione
invalid-field-remembered-device-days = Durata dei dispositivi memorizzati
invalid-field-new-member-days = Tempo concesso ai nuovi membri
invalid-field-redirect-uris = URI di reindirizzamento
invalid-field-post-logout-redirect-uris = URI di reindirizzamento dopo la disconnessione
invalid-field-backchannel-logout-uri = URI di disconnessione back-channel
invalid-field-allowed-countries = Paesi consentiti
invalid-field-allowed-methods = Metodi consentiti
# A search's words.
invalid-field-q = Ricerca

# $reason is a technical reason, in English.
invalid-other = { $field }: { $reason }
invalid-required = { $field }: obbligatorio
invalid-empty = { $field }: non può essere vuoto
invalid-too-short = { $field }: deve contenere almeno { $min } caratteri
invalid-too-long = { $field }: deve contenere al massimo { $max } caratteri
invalid-chars = { $field }: deve contenere da { $min } a { $max } caratteri
invalid-between = { $field }: deve essere compreso tra { $min } e { $max }
# How many items a list may have.
invalid-at-most = { $field }: al massimo { $max }
invalid-at-least-one = { $field }: deve indicarne almeno uno
invalid-control-characters = { $field }: non può contenere caratteri di controllo
# $list is the API's words, as is: en, fr, de, it.
invalid-one-of = { $field }: deve essere uno tra { $list }
# $first and $second are the API's words, as is.
invalid-either = { $field }: deve essere { $first } o { $second }
invalid-exactly = { $field }: deve essere { $word }
invalid-not-id = { $field }: non è un ID valido
invalid-not-cursor = { $field }: non è un cursore valido
invalid-not-session-state = { $field }: non è uno stato di sessione
invalid-not-challenge-id = { $field }: non è l’ID di una richiesta
# $detail is a technical reason, in English.
invalid-address = { $field }: non è un indirizzo valido ({ $detail })
invalid-address-without-dot = { $field }: non è un indirizzo valido (il dominio deve contenere un punto)
invalid-same-email = { $field }: è già l’indirizzo dell’account
invalid-common-password = { $field }: è una delle password più usate
invalid-repeated-character = { $field }: non può ripetere un solo carattere
invalid-password-is-email = { $field }: non può essere il tuo indirizzo email
invalid-uri-too-long = { $field }: è troppo lungo
invalid-uri-spaces = { $field }: non può contenere spazi o caratteri di controllo
invalid-uri-not-absolute = { $field }: deve essere un URI assoluto
invalid-uri-fragment = { $field }: non può avere un frammento
invalid-uri-user-info = { $field }: non può contenere informazioni utente
invalid-uri-https = { $field }: deve usare https (http solo su un indirizzo di loopback)
invalid-uri-scheme = { $field }: deve usare https, oppure uno schema DNS inverso per un’app nativa
invalid-public-https = { $field }: deve essere un indirizzo https pubblico
invalid-too-many-apps = { $field }: l’organizzazione ha già { $max } app
invalid-code-challenge = { $field }: deve essere di 43 caratteri base64url
invalid-scope-openid = { $field }: deve includere openid
invalid-country-codes = { $field }: devono essere codici ISO 3166-1 alpha-2 come CH
invalid-phone-length = { $field }: deve essere un numero di telefono da 1 a 32 caratteri
invalid-phone-international = { $field }: deve essere in formato internazionale, con il prefisso del paese (+41 79 123 45 67)
invalid-not-phone = { $field }: non è un numero di telefono
invalid-phone-invalid = { $field }: non è un numero di telefono valido
invalid-phone-no-country = { $field }: non appartiene a nessun paese
invalid-phone-mobile = { $field }: deve essere un numero di cellulare in grado di ricevere SMS
invalid-number-required = { $field }: è obbligatorio per approvare: il numero mostrato dall’accesso
invalid-not-me-with-denial = { $field }: va solo insieme a un rifiuto
invalid-public-key = { $field }: deve essere una chiave pubblica Ed25519, 32 byte in base64url
invalid-recovery-code = { $field }: deve essere uno dei tuoi codici di recupero da 12 caratteri
invalid-sms-code = { $field }: deve essere le 6 cifre dell’SMS
invalid-totp-code = { $field }: deve essere le 6 cifre mostrate dalla tua app
invalid-no-such-method = { $field }: nessun metodo di questo tipo è configurato su questo account
invalid-type-mismatch = { $field }: non corrisponde al tipo del metodo
invalid-not-credential = { $field }: non è una credenziale WebAuthn
invalid-not-assertion = { $field }: non è un’asserzione WebAuthn
invalid-signature-required = { $field }: è obbligatoria da parte di un dispositivo
invalid-no-approver = { $field }: nessun dispositivo di autenticazione né altro browser connesso può approvare questo accesso
invalid-not-enrolled = { $field }: il dispositivo non è ancora registrato: inserisci prima il codice di registrazione
invalid-method-list = { $field }: deve indicare totp, webauthn, sms o push
invalid-at-least-one-method = { $field }: deve consentire almeno un metodo
invalid-too-many-members = { $field }: deve indicare al massimo { $max } membri
invalid-user-ids = { $field }: deve indicare ID utente
invalid-date-like = { $field }: deve essere una data come 2027-01-31
invalid-date-time = { $field }: deve essere una data e un’ora
invalid-days = { $field }: deve essere un numero di giorni
# An address the console does not have.
error-not-found-heading = Pagina non trovata
error-not-found-text = Non c’è nulla a questo indirizzo. Torna alla home e riparti da lì.

# Known networks (issue 21)
invalid-field-trusted-networks = Reti attendibili
invalid-field-remembered-device-networks = Reti dei dispositivi memorizzati
invalid-field-remember-device-networks = Rete di questo dispositivo
invalid-not-cidr = { $field }: { $block } non è una rete in notazione CIDR (203.0.113.0/24, 2001:db8::/48)
invalid-network-too-wide = { $field }: non deve essere più ampia di un /8 IPv4 o di un /16 IPv6, altrimenti è gran parte di Internet
