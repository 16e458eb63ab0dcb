field-email = E-Mail
field-password = Passwort

sign-in-title = Anmelden
sign-in-resend-link = Bestätigungslink erneut senden
sign-in-fresh = Die App, bei der Sie sich anmelden, verlangt eine Bestätigung mit Ihrem zweiten Faktor, auch in einem gemerkten Browser.
sign-in-remember = Angemeldet bleiben
sign-in-remember-hint = Ohne Häkchen werden Sie beim Schließen des Browsers abgemeldet.
sign-in-submit = Anmelden
sign-in-forgot = Passwort vergessen?
sign-in-no-account = Noch kein Konto?
sign-in-create-one = Jetzt erstellen
sign-in-or-newcomer-link = , oder verwenden Sie den Link für Neue aus Ihrer Einladungs-E-Mail: Er erstellt Ihr Konto und tritt in einem Schritt bei

continue-title = Weiter
continue-text = Sie werden dorthin zurückgebracht, wohin Sie wollten.
