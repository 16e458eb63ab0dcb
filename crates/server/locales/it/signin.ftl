field-email = Email
field-password = Password

sign-in-title = Accedi
sign-in-resend-link = Invia di nuovo il link di conferma
sign-in-fresh = L’app a cui stai accedendo ti chiede di confermare la tua identità con il secondo fattore, anche su un browser memorizzato.
sign-in-remember = Resta connesso
sign-in-remember-hint = Senza spunta, esci alla chiusura del browser.
sign-in-submit = Accedi
sign-in-forgot = Password dimenticata?
sign-in-no-account = Non hai ancora un account?
sign-in-create-one = Creane uno
sign-in-or-newcomer-link = , oppure usa il link per i nuovi arrivati nella tua email di invito: crea il tuo account e ti unisce in un solo passaggio

continue-title = Continua
continue-text = Ti stiamo riportando dove stavi andando.

## Shared by the sign-up, reset, verification and newcomer pages.

field-name = Nome
field-new-password-hint = Almeno 10 caratteri; l’ideale è una frase lunga.
sign-in-back = Torna all’accesso
sign-in-bad-email = Inserisci il tuo indirizzo email, ad esempio ann@example.org.
sign-in-wrong = L’email o la password non sono corrette. Controllale entrambe e riprova.

## The error page of an app's sign-in request (OpenID Connect) that cannot be answered.

sign-in-request-heading = Impossibile rispondere a questa richiesta di accesso
sign-in-request-text = { $why } Torna all’app e riprova, oppure avvisa il suo amministratore.
sign-in-request-why-malformed = I parametri della richiesta non sono validi (un parametro indicato due volte?).
sign-in-request-why-unknown-client = Questa app non è registrata qui (client_id sconosciuto).
sign-in-request-why-no-redirect = L’app non ha inviato alcun redirect_uri.
sign-in-request-why-unregistered-redirect = L’app ha chiesto una risposta a un indirizzo che non ha registrato (redirect_uri).

## The error page of a forward-auth link (a reverse proxy sent the browser) that cannot be followed.

sign-in-link-heading = Impossibile seguire questo link
sign-in-link-text = Il link che ti ha portato qui chiede di inoltrarti altrove in seguito, ma { $reason }. Torna all’app che volevi aprire e riprova da lì.
sign-in-link-why-malformed = il suo indirizzo manca o non è valido
sign-in-link-why-scheme = il suo indirizzo non è un indirizzo web (http o https)
sign-in-link-why-credentials = il suo indirizzo contiene un nome utente o una password
sign-in-link-why-host = porta a un sito per cui questo server non gestisce gli accessi

## Sign-up

sign-up-title = Crea un account
sign-up-submit = Crea l’account
sign-up-have-one = Hai già un account?
sign-up-sign-in = Accedi

## Forgotten password

reset-title = Password dimenticata
reset-sent = Se esiste un account con questo indirizzo, è in arrivo un’email con un link per scegliere una nuova password. Il link funziona una sola volta, per 30 minuti.
reset-intro = Inserisci l’indirizzo del tuo account: ti invieremo via email un link per scegliere una nuova password. Il secondo fattore ti verrà comunque chiesto quando accedi.
reset-submit = Inviami un link
reset-new-title = Scegli una nuova password
reset-new-intro = Verrà effettuata la disconnessione da tutte le sessioni del tuo account e i dispositivi memorizzati verranno dimenticati. Se il tuo account usa l’autenticazione a due fattori, ti verrà chiesto il secondo fattore quando accedi.
reset-new-password = Nuova password
reset-new-submit = Imposta la nuova password

## Confirming a new account's address

verify-title = Conferma il tuo indirizzo email
verify-intro = Manca un solo passaggio: inserisci la password che hai scelto al momento della registrazione e il tuo account sarà pronto. Se non ti sei registrato, chiudi questa pagina: non succederà nulla.
verify-your-password = La tua password
verify-submit = Conferma il mio indirizzo
verify-sent = Se un account attende la conferma di questo indirizzo, è in arrivo un’email con un nuovo link. Funziona solo il link più recente.
verify-invalid = Questo link non funziona più: è già stato usato, ne è stato inviato uno più recente oppure l’account è scaduto (un account non confermato entro 7 giorni viene eliminato; registrati di nuovo). Se hai già confermato il tuo indirizzo,
verify-invalid-sign-in = accedi
verify-resend-intro = Inserisci l’indirizzo con cui ti sei registrato: ti invieremo via email un nuovo link per confermarlo.
verify-resend-submit = Inviami un nuovo link
verify-wrong-password = Questa non è la password dell’account che questo link conferma. Se non ti sei registrato nel momento indicato nell’email, lo ha fatto qualcun altro: ignora il link.

## The second step of signing in

step-title = Secondo passaggio
step-heading = Conferma che sei tu
step-remember = Ricorda questo dispositivo
step-use-key = Usa la mia chiave di sicurezza
step-push-intro = Al tuo dispositivo di autenticazione, e a ogni browser in cui hai effettuato l’accesso con un secondo fattore, verrà chiesto di approvare questo accesso. Questa pagina mostrerà un numero: scegli lo stesso lì.
step-push-submit = Invia una richiesta di approvazione
step-sms-send = Inviami un codice via SMS
step-recovery-label = Codice di recupero
step-recovery-hint = Uno dei codici che hai salvato quando hai configurato l’autenticazione a due fattori. Ognuno funziona una sola volta.
step-sms-label = Codice dell’SMS inviato a { $label }
step-sms-hint = Premi «Inviami un codice via SMS», poi digita le 6 cifre dell’SMS. Ogni codice funziona una sola volta, per pochi minuti.
step-code-label = Codice di { $label }
step-device-hint = Il codice a 6 cifre mostrato dal tuo dispositivo di autenticazione, anche quando è offline
step-totp-hint = Il codice a 6 cifre che la tua app di autenticazione mostra ora.
step-continue = Continua
step-other = Usa un altro metodo
step-other-recovery = Un codice di recupero
step-other-key = La tua chiave di sicurezza
step-other-approval = Approva sul tuo dispositivo o in un browser connesso
step-other-approval-kind = approvazione push
step-other-device-code = un codice dal dispositivo
step-not-approved = L’accesso non è stato approvato: è stato rifiutato, è stato scelto il numero sbagliato oppure è scaduto. Invia una nuova richiesta o usa un altro metodo.
step-wrong-code = Questo codice è errato, scaduto o già usato. Prova il codice più recente.
step-sms-sent = Abbiamo inviato un codice via SMS a { $phone }. Funziona per pochi minuti.

## Waiting for a push approval

push-wait-title = Approva questo accesso
push-wait-intro = Sul tuo dispositivo di autenticazione, o in un browser in cui hai effettuato l’accesso, scegli questo numero:
push-wait-number = Il numero da scegliere: { $number }
push-wait-waiting = In attesa dell’approvazione… La richiesta scade tra due minuti.
push-wait-check = Controlla di nuovo

## An organization requires two-factor authentication

setup-required-title = Configura l’autenticazione a due fattori
setup-required-heading = Configura l’autenticazione a due fattori per continuare
setup-required-reset = La tua autenticazione a due fattori è stata reimpostata. Configura un nuovo secondo fattore prima di continuare: fino ad allora il tuo account non può fare nient’altro, né su questo sito né in alcuna app.
setup-required-org = richiede l’autenticazione a due fattori ai suoi membri.
setup-required-org-from = richiede l’autenticazione a due fattori ai suoi membri dal { $date }.
setup-required-external = Sei un membro esterno: in alternativa puoi lasciare questa organizzazione.
setup-required-leave = Lascia { $org }
setup-required-set-up = Configura l’autenticazione a due fattori
setup-required-apps-keep = Le app desktop e mobili con cui avevi già effettuato l’accesso, e le password per app, continuano a funzionare nel frattempo.

## A newcomer joins an organization from an invitation email

join-title = Unisciti a { $org }
join-invited = Sei invitato a unirti all’organizzazione
join-invited-as = come { $role }. Crea il tuo account twofold per accettare: l’invito è arrivato a
join-invited-no-confirm = , quindi questo indirizzo non richiede ulteriori conferme.
join-submit = Crea il mio account e unisciti
join-have-account = Hai già un account?
join-sign-in = Accedi per accettare
join-email-taken = Esiste già un account con questo indirizzo: accedi per accettare l’invito.

## An invitation that asks to manage the account

consent-asks = { $org } chiede di gestire il tuo account.
consent-explain = Se accetti, i suoi proprietari e amministratori potranno reimpostare la tua autenticazione a due fattori: rimuovere i tuoi secondi fattori e codici di recupero, revocare le tue password per app e i dispositivi memorizzati, e disconnetterti ovunque. Al prossimo accesso dovresti quindi configurare un nuovo secondo fattore.
consent-hint = Un account può essere gestito da una sola organizzazione. La gestione termina quando lasci l’organizzazione. Senza il tuo consenso non puoi accettare questo invito; chiedine invece uno senza gestione.
consent-agree = Accetto che { $org } gestisca il mio account e possa reimpostare la mia autenticazione a due fattori

## An app asks to sign out (OpenID Connect logout)

end-session-title = Esci
end-session-heading = Uscire da twofold?
end-session-intro = Un’app ha chiesto di farti uscire. Uscendo termini la tua sessione qui e nelle app a cui hai effettuato l’accesso tramite essa.
end-session-submit = Esci
end-session-stay = Resta connesso
end-session-why-retry = Riprova tra un momento.
end-session-why-foreign-hint = L’id_token_hint non è stato emesso da questo server.
end-session-why-client-differs = Il client_id è diverso da quello dell’id_token_hint.
end-session-why-no-client = Il post_logout_redirect_uri richiede l’id_token_hint o il client_id dell’app.
end-session-why-unregistered = Il post_logout_redirect_uri non è registrato per questa app.

## Accedere con una passkey.
sign-in-passkey = Accedi con una passkey
sign-in-passkey-or = Oppure con email e password:
sign-in-passkey-no-answer = Nessuna passkey ha risposto ({ $name }). Riprova, oppure usa email e password.
sign-in-passkey-failed = Questa passkey non ti ha fatto accedere. Riprova, oppure usa email e password.
# The sign-in page on the way to an invitation.
sign-in-invited = Sei stato invitato a unirti a { $org } come { $role }. Accedi con { $email } per rispondere, oppure crea un account con questo indirizzo.

# Known networks (issue 21)
step-remember-network = Solo su questa rete
step-remember-network-hint = Così salta questo passaggio solo quando accedi da questa rete; da altrove viene richiesto di nuovo.
step-new-network = Questo browser è memorizzato, ma non per la rete da cui stai accedendo, quindi viene chiesto il secondo passaggio. Ti abbiamo inviato un’email al riguardo.
