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
