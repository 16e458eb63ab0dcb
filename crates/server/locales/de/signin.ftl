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

## Shared by the sign-up, reset, verification and newcomer pages.

field-name = Name
field-new-password-hint = Mindestens 10 Zeichen; am besten ein langer Satz.
sign-in-back = Zurück zur Anmeldung
sign-in-bad-email = Geben Sie Ihre E-Mail-Adresse ein, z. B. ann@example.org.
sign-in-wrong = E-Mail-Adresse oder Passwort ist falsch. Prüfen Sie beides und versuchen Sie es erneut.

## The error page of an app's sign-in request (OpenID Connect) that cannot be answered.

sign-in-request-heading = Diese Anmeldeanfrage kann nicht beantwortet werden
sign-in-request-text = { $why } Kehren Sie zur App zurück und versuchen Sie es erneut, oder wenden Sie sich an deren Administrator.
sign-in-request-why-malformed = Die Parameter der Anfrage sind fehlerhaft (ein Parameter doppelt angegeben?).
sign-in-request-why-unknown-client = Diese App ist hier nicht registriert (unbekannte client_id).
sign-in-request-why-no-redirect = Die App hat keine redirect_uri gesendet.
sign-in-request-why-unregistered-redirect = Die App möchte eine Antwort an eine Adresse, die sie nicht registriert hat (redirect_uri).

## The error page of a forward-auth link (a reverse proxy sent the browser) that cannot be followed.

sign-in-link-heading = Diesem Link kann nicht gefolgt werden
sign-in-link-text = Der Link, der Sie hierher geführt hat, möchte Sie anschließend weiterleiten, aber { $reason }. Kehren Sie zur App zurück, die Sie öffnen wollten, und versuchen Sie es von dort erneut.
sign-in-link-why-malformed = seine Adresse fehlt oder ist fehlerhaft
sign-in-link-why-scheme = seine Adresse ist keine Webadresse (http oder https)
sign-in-link-why-credentials = seine Adresse enthält einen Benutzernamen oder ein Passwort
sign-in-link-why-host = er führt zu einer Website, für die dieser Server keine Anmeldungen vornimmt

## Sign-up

sign-up-title = Konto erstellen
sign-up-submit = Konto erstellen
sign-up-have-one = Sie haben bereits ein Konto?
sign-up-sign-in = Anmelden

## Forgotten password

reset-title = Passwort vergessen
reset-sent = Falls ein Konto diese Adresse hat, ist eine E-Mail mit einem Link zum Festlegen eines neuen Passworts unterwegs. Der Link funktioniert einmal, 30 Minuten lang.
reset-intro = Geben Sie die Adresse Ihres Kontos ein: Wir senden Ihnen per E-Mail einen Link, um ein neues Passwort festzulegen. Ihr zweiter Faktor wird bei der Anmeldung weiterhin abgefragt.
reset-submit = Link per E-Mail senden
reset-new-title = Neues Passwort festlegen
reset-new-intro = Alle Sitzungen Ihres Kontos werden abgemeldet und gemerkte Geräte vergessen. Wenn Ihr Konto die Zwei-Faktor-Authentifizierung nutzt, bestätigen Sie bei der Anmeldung Ihren zweiten Faktor.
reset-new-password = Neues Passwort
reset-new-submit = Neues Passwort speichern

## Confirming a new account's address

verify-title = E-Mail-Adresse bestätigen
verify-intro = Nur noch ein Schritt: Geben Sie das Passwort ein, das Sie bei der Registrierung gewählt haben, und Ihr Konto ist bereit. Wenn Sie sich nicht registriert haben, schließen Sie diese Seite: Es passiert nichts.
verify-your-password = Ihr Passwort
verify-submit = Meine Adresse bestätigen
verify-sent = Falls ein Konto auf die Bestätigung dieser Adresse wartet, ist eine E-Mail mit einem neuen Link unterwegs. Nur der neueste Link funktioniert.
verify-invalid = Dieser Link funktioniert nicht mehr: Er wurde bereits verwendet, ein neuerer wurde gesendet, oder das Konto ist abgelaufen (ein Konto, das nicht innerhalb von 7 Tagen bestätigt wird, wird gelöscht; registrieren Sie sich erneut). Wenn Sie Ihre Adresse bereits bestätigt haben,
verify-invalid-sign-in = melden Sie sich an
verify-resend-intro = Geben Sie die Adresse ein, mit der Sie sich registriert haben: Wir senden Ihnen per E-Mail einen neuen Link, um sie zu bestätigen.
verify-resend-submit = Neuen Link senden
verify-wrong-password = Das ist nicht das Passwort des Kontos, das dieser Link bestätigt. Wenn Sie sich nicht zu dem in der E-Mail genannten Zeitpunkt registriert haben, hat es jemand anderes getan: Ignorieren Sie den Link.

## The second step of signing in

step-title = Zweiter Schritt
step-heading = Bestätigen Sie, dass Sie es sind
step-remember = Dieses Gerät merken
step-use-key = Meinen Sicherheitsschlüssel verwenden
step-push-intro = Ihr Authentifizierungsgerät und jeder Browser, in dem Sie mit einem zweiten Faktor angemeldet sind, werden gebeten, diese Anmeldung freizugeben. Diese Seite zeigt eine Zahl an: Wählen Sie dort dieselbe.
step-push-submit = Freigabeanfrage senden
step-sms-send = Code per SMS senden
step-recovery-label = Wiederherstellungscode
step-recovery-hint = Einer der Codes, die Sie beim Einrichten der Zwei-Faktor-Authentifizierung gespeichert haben. Jeder funktioniert nur einmal.
step-sms-label = Code aus der SMS an { $label }
step-sms-hint = Klicken Sie auf „Code per SMS senden“ und geben Sie dann die 6 Ziffern aus der SMS ein. Jeder Code funktioniert nur einmal, für einige Minuten.
step-code-label = Code von { $label }
step-device-hint = Der 6-stellige Code, den Ihr Authentifizierungsgerät anzeigt, auch wenn es offline ist
step-totp-hint = Der 6-stellige Code, den Ihre Authenticator-App gerade anzeigt.
step-continue = Weiter
step-other = Andere Methode verwenden
step-other-recovery = Einen Wiederherstellungscode
step-other-key = Ihr Sicherheitsschlüssel
step-other-approval = Auf Ihrem Gerät oder in einem angemeldeten Browser freigeben
step-other-approval-kind = Push-Freigabe
step-other-device-code = ein Code vom Gerät
step-not-approved = Die Anmeldung wurde nicht freigegeben: Sie wurde abgelehnt, die falsche Zahl wurde gewählt oder sie ist abgelaufen. Senden Sie eine neue Anfrage oder verwenden Sie eine andere Methode.
step-wrong-code = Dieser Code ist falsch, abgelaufen oder bereits verwendet. Versuchen Sie den neuesten Code.
step-sms-sent = Wir haben einen Code per SMS an { $phone } gesendet. Er gilt einige Minuten.

## Waiting for a push approval

push-wait-title = Diese Anmeldung freigeben
push-wait-intro = Wählen Sie auf Ihrem Authentifizierungsgerät oder in einem Browser, in dem Sie angemeldet sind, diese Zahl:
push-wait-number = Die zu wählende Zahl: { $number }
push-wait-waiting = Warten auf die Freigabe… Die Anfrage läuft in zwei Minuten ab.
push-wait-check = Erneut prüfen

## An organization requires two-factor authentication

setup-required-title = Zwei-Faktor-Authentifizierung einrichten
setup-required-heading = Richten Sie die Zwei-Faktor-Authentifizierung ein, um fortzufahren
setup-required-reset = Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt. Richten Sie einen neuen zweiten Faktor ein, bevor Sie fortfahren: Bis dahin kann Ihr Konto nichts anderes tun, weder auf dieser Website noch in einer App.
setup-required-org = verlangt die Zwei-Faktor-Authentifizierung von allen Mitgliedern.
setup-required-org-from = verlangt ab dem { $date } die Zwei-Faktor-Authentifizierung von allen Mitgliedern.
setup-required-external = Sie sind externes Mitglied: Sie können diese Organisation stattdessen verlassen.
setup-required-leave = { $org } verlassen
setup-required-set-up = Zwei-Faktor-Authentifizierung einrichten
setup-required-apps-keep = Zuvor angemeldete Desktop- und Mobil-Apps sowie App-Passwörter funktionieren in der Zwischenzeit weiter.

## A newcomer joins an organization from an invitation email

join-title = { $org } beitreten
join-invited = Sie sind eingeladen, der Organisation
join-invited-as = als { $role } beizutreten. Erstellen Sie Ihr twofold-Konto, um anzunehmen: Die Einladung ging an
join-invited-no-confirm = , daher muss diese Adresse nicht weiter bestätigt werden.
join-submit = Konto erstellen und beitreten
join-have-account = Sie haben bereits ein Konto?
join-sign-in = Zum Annehmen anmelden
join-email-taken = Für diese Adresse besteht bereits ein Konto: Melden Sie sich an, um die Einladung anzunehmen.

## An invitation that asks to manage the account

consent-asks = { $org } möchte Ihr Konto verwalten.
consent-explain = Wenn Sie zustimmen, können die Inhaber und Administratoren der Organisation Ihre Zwei-Faktor-Authentifizierung zurücksetzen: Ihre zweiten Faktoren und Wiederherstellungscodes entfernen, Ihre App-Passwörter und gemerkten Geräte widerrufen und Sie überall abmelden. Sie müssten dann bei Ihrer nächsten Anmeldung einen neuen zweiten Faktor einrichten.
consent-hint = Nur eine Organisation kann ein Konto verwalten. Die Verwaltung endet, wenn Sie die Organisation verlassen. Ohne Ihre Zustimmung können Sie diese Einladung nicht annehmen; bitten Sie stattdessen um eine Einladung ohne Verwaltung.
consent-agree = Ich stimme zu, dass { $org } mein Konto verwaltet und meine Zwei-Faktor-Authentifizierung zurücksetzen darf

## An app asks to sign out (OpenID Connect logout)

end-session-title = Abmelden
end-session-heading = Von twofold abmelden?
end-session-intro = Eine App möchte Sie abmelden. Die Abmeldung beendet Ihre Sitzung hier und in den Apps, bei denen Sie sich darüber angemeldet haben.
end-session-submit = Abmelden
end-session-stay = Angemeldet bleiben
end-session-why-retry = Versuchen Sie es gleich noch einmal.
end-session-why-foreign-hint = Der id_token_hint wurde nicht von diesem Server ausgestellt.
end-session-why-client-differs = Die client_id weicht von der des id_token_hint ab.
end-session-why-no-client = Die post_logout_redirect_uri erfordert den id_token_hint oder die client_id der App.
end-session-why-unregistered = Die post_logout_redirect_uri ist für diese App nicht registriert.

## Anmelden mit einem Passkey.
sign-in-passkey = Mit einem Passkey anmelden
sign-in-passkey-or = Oder mit E-Mail-Adresse und Passwort:
sign-in-passkey-no-answer = Kein Passkey hat geantwortet ({ $name }). Versuchen Sie es erneut oder nutzen Sie E-Mail-Adresse und Passwort.
sign-in-passkey-failed = Dieser Passkey hat Sie nicht angemeldet. Versuchen Sie es erneut oder nutzen Sie E-Mail-Adresse und Passwort.
# The sign-in page on the way to an invitation.
sign-in-invited = Sie wurden eingeladen, { $org } als { $role } beizutreten. Melden Sie sich mit { $email } an, um zu antworten, oder erstellen Sie ein Konto mit dieser Adresse.

# Known networks (issue 21)
step-remember-network = Nur in diesem Netz
step-remember-network-hint = Damit überspringt es diesen Schritt nur, wenn Sie sich aus diesem Netz anmelden; von anderswo wird er wieder verlangt.
step-new-network = Dieser Browser ist gemerkt, aber nicht für das Netz, aus dem Sie sich anmelden; deshalb wird der zweite Schritt verlangt. Wir haben Ihnen dazu eine E-Mail geschickt.
