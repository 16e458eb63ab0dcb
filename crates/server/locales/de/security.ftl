## Die Seite Sicherheit

sec-title = Sicherheit
sec-2fa-heading = Zwei-Faktor-Authentifizierung
sec-managed-badge = Verwaltet
sec-managed-before = Ihr Konto wird von der Organisation
sec-managed-after = {" "}verwaltet: Deren Inhaber und Administratoren können Ihre Zwei-Faktor-Authentifizierung zurücksetzen. Das endet, wenn Sie die Organisation verlassen.
sec-unmanaged = Keine Organisation verwaltet Ihr Konto: Niemand außer Ihnen (und dem Betreiber dieses Servers) kann Ihre Zwei-Faktor-Authentifizierung zurücksetzen.
sec-badge-off = Aus
sec-badge-on = An
sec-password-alone = Ihr Konto ist nur durch sein Passwort geschützt.
sec-codes-left = { $count ->
    [one] { $count } Wiederherstellungscode übrig.
   *[other] { $count } Wiederherstellungscodes übrig.
}
sec-methods-caption = Ihre zweiten Faktoren
sec-col-method = Methode
sec-col-added = Hinzugefügt
sec-col-actions = Aktionen
sec-badge-default = Standard
sec-make-default = Als Standard festlegen
sec-remove = Entfernen
sec-kind-webauthn = Sicherheitsschlüssel
sec-kind-push = Push-Bestätigungs-App
sec-kind-totp = Authenticator-App
sec-kind-sms = SMS-Code

sec-key-heading = Passkey oder Hardwareschlüssel
sec-badge-recommended = Empfohlen
sec-key-hint = Die sicherste Methode: ein USB- oder NFC-Schlüssel oder der Passkey Ihres Geräts. Phishing-sicher: Er antwortet nur dieser Website.
sec-keys-added = { $count } hinzugefügt
sec-none-yet = Noch keine
sec-key-label = Name des neuen Sicherheitsschlüssels
sec-key-default-name = Sicherheitsschlüssel
sec-key-add = Sicherheitsschlüssel hinzufügen

sec-app-heading = Authenticator-App
sec-app-hint = Sechsstellige Codes aus einer App auf Ihrem Smartphone (jede gängige App). Funktioniert offline.
sec-apps-added = { $count } hinzugefügt
sec-app-label = Name der neuen Authenticator-App
sec-app-default-name = Authenticator-App
sec-app-add = Authenticator-App hinzufügen

sec-push-heading = Authentifizierungsgerät
sec-push-hint = Bestätigen Sie Anmeldungen auf einem registrierten Gerät, indem Sie die angezeigte Zahl wählen.
sec-devices-added = { $count } hinzugefügt
sec-push-label = Name des neuen Authentifizierungsgeräts
sec-push-default-name = Authentifizierungsgerät
sec-push-add = Authentifizierungsgerät hinzufügen

sec-sms-heading = SMS-Codes
sec-sms-hint = Die schwächste Methode: SMS können umgeleitet werden. Eine Notlösung, wenn nichts anderes passt.
sec-phones-added = { $count } hinzugefügt
sec-sms-phone-label = Mobilnummer für SMS-Codes
sec-sms-add = Telefonnummer hinzufügen

sec-recovery-heading = Wiederherstellungscodes
sec-recovery-hint = Neue Codes ersetzen die alten sofort.
sec-recovery-new = Neue Wiederherstellungscodes erstellen
sec-off-heading = Zwei-Faktor-Authentifizierung ausschalten

sec-app-passwords-heading = App-Passwörter
sec-app-passwords-hint = Für Mail- und Kalender-Apps, die keinen zweiten Faktor abfragen können. Jedes wird nur einmal angezeigt.
sec-app-password-new = Ihr neues App-Passwort (kopieren Sie es jetzt, es wird nicht erneut angezeigt):
sec-col-name = Name
sec-col-created = Erstellt
sec-col-last-used = Zuletzt verwendet
sec-never = nie
sec-revoke = Widerrufen
sec-app-password-label = Name des neuen App-Passworts
sec-app-password-create = App-Passwort erstellen

sec-email-heading = E-Mail-Adresse
sec-email-new = Neue E-Mail-Adresse
sec-email-hint = Wir senden einen Link an die neue Adresse; bis Sie ihn öffnen, melden Sie sich weiter mit der aktuellen an.
sec-email-password = Ihr Passwort (nur nötig, solange das Konto keinen zweiten Faktor hat)
sec-email-submit = Adresse ändern

sec-sessions-heading = Wo Sie angemeldet sind
sec-sessions-link = Alle Browser und Apps anzeigen, die bei Ihrem Konto angemeldet sind
sec-sessions-after = , und die abmelden, die Sie nicht kennen.
sec-invitations-link = Einladungen an Sie
sec-invitations-after = : Treten Sie einer Organisation bei, die Sie eingeladen hat, oder lehnen Sie ab.
sec-export-link = Ihre Daten herunterladen
sec-export-middle = (eine JSON-Datei, ohne Geheimnisse) oder
sec-delete-link = Ihr Konto löschen
sec-export-end = .

sec-devices-heading = Gemerkte Geräte
sec-devices-none = Kein Gerät überspringt den zweiten Schritt.
sec-col-device = Gerät
sec-col-remembered = Gemerkt am
sec-col-until = Bis
sec-forget = Vergessen

sec-reauth-heading = Bestätigen Sie, dass Sie es sind
sec-reauth-text = Änderungen an Ihren zweiten Faktoren erfordern einen Code aus den letzten 10 Minuten.
sec-reauth-code = Code aus Ihrer Authenticator-App
sec-reauth-submit = Bestätigen

sec-req-reset = Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt: Richten Sie einen neuen zweiten Faktor ein, um fortzufahren.
sec-req-deadline = { $org } verlangt ab dem { $date } die Zwei-Faktor-Authentifizierung.
sec-req-now = { $org } verlangt die Zwei-Faktor-Authentifizierung: Richten Sie sie ein, um fortzufahren.

## Authenticator-App hinzufügen

sec-totp-title = Authenticator-App hinzufügen
sec-totp-step-1 = Öffnen Sie Ihre Authenticator-App und fügen Sie ein Konto hinzu.
sec-totp-step-2 = Scannen Sie diesen Code oder geben Sie den Schlüssel unten ein.
sec-totp-step-3 = Geben Sie den 6-stelligen Code ein, den die App anzeigt.
sec-totp-qr = QR-Code für Ihre Authenticator-App
sec-totp-manual = Stattdessen einzugebender Schlüssel:
sec-totp-code = Code aus der App
sec-totp-submit = Prüfen und einschalten
sec-totp-format = Geben Sie die 6 Ziffern ein, die die App anzeigt.
sec-totp-mismatch = Dieser Code stimmt nicht. Prüfen Sie die Uhrzeit des Geräts und geben Sie den neuesten Code ein.

## Sicherheitsschlüssel hinzufügen

sec-webauthn-title = Sicherheitsschlüssel hinzufügen
sec-webauthn-intro = Stecken Sie Ihren Sicherheitsschlüssel ein oder entsperren Sie ihn (oder verwenden Sie den Passkey dieses Geräts) und klicken Sie dann auf die Schaltfläche. Ihr Browser fordert Sie auf, den Schlüssel zu berühren.
sec-webauthn-submit = Meinen Sicherheitsschlüssel verwenden
sec-webauthn-noscript = Zum Hinzufügen eines Sicherheitsschlüssels wird JavaScript benötigt: Der Browser kommuniziert mit dem Schlüssel.
sec-webauthn-no-answer = Der Sicherheitsschlüssel hat nicht geantwortet ({ $name }). Versuchen Sie es erneut oder verwenden Sie eine andere Methode.
sec-webauthn-not-added = Der Sicherheitsschlüssel wurde nicht hinzugefügt: { $reason } Versuchen Sie es erneut.

## Telefonnummer hinzufügen

sec-sms-title = Telefonnummer hinzufügen
sec-sms-mobile = Mobilnummer
sec-sms-phone-hint = Mit Ländervorwahl, zum Beispiel +41 79 123 45 67. Codes werden nur an Nummern dieser Länder gesendet: { $countries }.
sec-sms-name = Name des Telefons
sec-sms-send = Code per SMS senden
sec-sms-enter = Geben Sie den Code ein, den wir per SMS an { $phone } gesendet haben. Er ist einige Minuten gültig.
sec-sms-code = Code aus der SMS
sec-sms-add-phone = Telefon hinzufügen
sec-sms-new-code = Neuen Code senden
sec-sms-sent = Wir haben einen Code per SMS an { $phone } gesendet.
sec-sms-resent = Wir haben einen neuen Code per SMS an { $phone } gesendet.
sec-sms-format = Geben Sie die 6 Ziffern aus der SMS ein.
sec-sms-mismatch = Dieser Code stimmt nicht mit der SMS überein oder ist abgelaufen. Versuchen Sie es erneut oder fordern Sie einen neuen Code an.
sec-back = Zurück zur Sicherheit

## Authentifizierungsgerät hinzufügen

sec-push-title = Authentifizierungsgerät hinzufügen
sec-push-give = Übergeben Sie diesen Einmal-Link an das Gerät: Scannen Sie den QR-Code mit der App oder führen Sie auf einem Computer Folgendes aus
sec-push-qr = QR-Code des Registrierungslinks
sec-push-once = Der Link funktioniert einmal, 15 Minuten lang.
sec-push-then = Geben Sie dann den 6-stelligen Code ein, den das Gerät anzeigt
sec-push-then-after = : Er beweist, dass das Gerät Ihnen gehört, und funktioniert auch, wenn das Gerät offline ist.
sec-push-code = Code vom Gerät
sec-push-submit = Gerät hinzufügen
sec-push-format = Geben Sie die 6 Ziffern ein, die das Gerät anzeigt.
sec-push-mismatch = Dieser Code stimmt nicht. Geben Sie den neuesten Code ein, den das Gerät anzeigt.

## Wiederherstellungscodes

sec-codes-heading = Speichern Sie Ihre Wiederherstellungscodes
sec-codes-text = Wenn Sie Ihre Authenticator-App verlieren, meldet Sie jeder dieser Codes einmal an. Sie werden nur jetzt angezeigt: Laden Sie sie herunter oder drucken Sie sie aus und bewahren Sie sie an einem sicheren Ort auf.
sec-codes-print = Drucken
sec-codes-download = Als .txt herunterladen
sec-codes-continue = Ich habe sie gespeichert, weiter
sec-codes-file-title = twofold-Wiederherstellungscodes für { $email }

## Zwei-Faktor-Authentifizierung ausschalten, eine Methode entfernen

sec-off-question = Zwei-Faktor-Authentifizierung ausschalten?
sec-off-text = Ihre Methoden und Wiederherstellungscodes werden entfernt und gemerkte Geräte vergessen; Ihr Konto ist dann nur noch durch sein Passwort geschützt.
sec-off-submit = Ausschalten
sec-off-keep = Eingeschaltet lassen
sec-remove-title = Methode entfernen
sec-remove-question = „{ $label }“ entfernen?
sec-remove-last = Das ist Ihr letzter zweiter Faktor: Die Zwei-Faktor-Authentifizierung wird ausgeschaltet.
sec-remove-others = Sie können sich weiterhin mit Ihren anderen Methoden anmelden.
sec-remove-submit = { $label } entfernen
sec-remove-keep = Behalten

## Wo Sie angemeldet sind

sec-sessions-intro = Alle Browser und Apps, die bei Ihrem Konto angemeldet sind. Wenn Sie einen nicht kennen, melden Sie ihn ab und ändern Sie Ihr Passwort.
sec-col-browser = Browser oder App
sec-col-address = Adresse
sec-col-signed-in = Angemeldet
sec-col-last-active = Zuletzt aktiv
sec-this-browser = (dieser Browser)
sec-step-pending = (zweiter Schritt nicht bestanden)
sec-sign-out = Abmelden
sec-sign-out-which = { $browser } von { $ip }
sec-sign-out-others = Überall sonst abmelden
sec-sessions-ended = Diese Sitzung ist abgemeldet.
sec-sessions-others-ended = Alle anderen Sitzungen sind abgemeldet.
sec-unknown-address = unbekannt
sec-ua-on = { $browser } unter { $os }
sec-ua-a-browser-on = Ein Browser unter { $os }
sec-ua-unknown = Unbekannter Client

## Anmeldungen, die auf Bestätigung warten

sec-requests-title = Anmeldungen, die auf Sie warten
sec-requests-none = Keine Anmeldung wartet auf Ihre Bestätigung.
sec-request-heading = Anmeldung von { $from } am { $at }
sec-request-pick = Wenn Sie das sind, wählen Sie die Zahl, die diese Anmeldung anzeigt. Eine falsche Zahl lehnt sie ab.
sec-request-deny = Ablehnen
sec-request-not-me = Das war ich nicht
sec-from-unknown = einer unbekannten Adresse
sec-browser-unknown = ein unbekannter Browser
sec-approved = Bestätigt: Die Anmeldung wird fortgesetzt.
sec-denied = Die Anmeldung wurde abgelehnt.
sec-reported = Die Anmeldung wurde abgelehnt und gemeldet. Jemand kennt Ihr Passwort: Ändern Sie es jetzt.

## Das Konto löschen

sec-delete-title = Ihr Konto löschen
sec-delete-question = Ihr Konto löschen?
sec-delete-text = Das Löschen von { $email } ist endgültig: Sie verlassen alle Organisationen, damit angemeldete Apps werden abgemeldet, und Ihre Methoden, App-Passwörter, Geräte und Sitzungen werden gelöscht. Die Audit-Protokolle der Organisationen bewahren das Geschehene unter einem Pseudonym auf. Der letzte Inhaber einer Organisation muss sie zuerst übergeben.
sec-delete-export-link = Laden Sie zuerst Ihre Daten herunter
sec-delete-export-after = (eine JSON-Datei, ohne Geheimnisse).
sec-delete-password = Ihr Passwort
sec-delete-submit = Mein Konto endgültig löschen
sec-delete-keep = Mein Konto behalten
sec-delete-wrong-password = Das Passwort ist falsch: Es wurde nichts gelöscht.

## Eine neue E-Mail-Adresse

sec-email-confirm-title = Bestätigen Sie Ihre neue Adresse
sec-email-confirm-text = Nach der Bestätigung melden Sie sich mit der neuen Adresse an, und die alte funktioniert nicht mehr. Ihre alte Adresse wird benachrichtigt.
sec-email-confirm-submit = Neue Adresse verwenden
sec-email-confirm-later = Nicht jetzt
sec-email-wrong-password = Das Passwort ist falsch: Die Adresse wurde nicht geändert.

## Einladungen an das Konto

sec-inv-none = Keine Einladung wartet auf { $email }.
sec-inv-intro = Organisationen, die { $email } eingeladen haben. Nehmen Sie an, um beizutreten, oder lehnen Sie ab: Der Link der Einladung funktioniert dann nicht mehr.
sec-inv-as = Als { $role }
sec-inv-as-external = Als { $role } (extern)
sec-inv-invited-by = { $terms }, eingeladen von { $email }
sec-inv-valid = { $terms }. Gültig bis { $date }.
sec-inv-manage-ask = { $org } möchte Ihr Konto verwalten:
sec-inv-manage-text = Deren Inhaber und Administratoren könnten Ihre Zwei-Faktor-Authentifizierung zurücksetzen (Ihre zweiten Faktoren, Wiederherstellungscodes, App-Passwörter und gemerkten Geräte entfernen und Sie überall abmelden). Nur eine Organisation kann ein Konto verwalten; das endet, wenn Sie sie verlassen.
sec-inv-manage-agree = Ich bin einverstanden, dass { $org } mein Konto verwaltet
sec-inv-accept = Annehmen
sec-inv-decline = Ablehnen
sec-inv-to = Einladung von { $org }
sec-inv-by-link = Nehmen Sie sie über den Link in der Einladungs-E-Mail an oder lehnen Sie sie dort ab: Ihre Adresse wurde nie über einen Link bestätigt, daher kann diese Seite nicht für sie bürgen.
sec-inv-setup-link = Richten Sie die Zwei-Faktor-Authentifizierung ein
sec-inv-setup-after = {" "}und kommen Sie dann auf diese Seite zurück.
sec-invitation-declined = Die Einladung wurde abgelehnt: Ihr Link funktioniert nicht mehr.

## Passkeys (Anmeldung allein damit).
sec-kind-passkey = Passkey
sec-kind-passkey-synced = Passkey, synchronisiert
sec-passkey-hint = Ein Passkey meldet Sie allein mit Fingerabdruck, Gesicht oder Bildschirmsperre an: ohne Passwort, ohne Code, und er kann nicht abgefischt werden.
sec-passkey-add = Passkey hinzufügen
sec-passkey-default-name = Passkey
sec-passkey-title = Passkey hinzufügen
sec-passkey-intro = Ihr Browser bittet Sie, mit Fingerabdruck, Gesicht, Bildschirmsperre oder der PIN Ihres Sicherheitsschlüssels zu bestätigen, dass Sie es sind. Beim nächsten Mal melden Sie sich allein mit dem Passkey an.
sec-passkey-submit = Meinen Passkey erstellen

## Das Angebot eines Passkeys, einmal, nach einer Anmeldung mit Code.
offer-passkey-title = Beim nächsten Mal schneller anmelden
offer-passkey-text = Sie haben gerade einen Code eingegeben. Mit einem Passkey genügen Fingerabdruck, Gesicht oder Bildschirmsperre: kein Passwort, kein Code, und keine gefälschte Seite kann ihn nutzen.
offer-passkey-later = Nicht jetzt
offer-passkey-once = Wir fragen nur dieses eine Mal. Einen Passkey können Sie jederzeit auf der Sicherheitsseite hinzufügen.
# Turning 2FA off, when an organization requires it (said before the button).
sec-off-required-by = { $count ->
    [one] { $orgs } verlangt Zwei-Faktor-Authentifizierung von ihren Mitgliedern: Sie können sie nicht ausschalten, solange Sie dazugehören. Sie können stattdessen Methoden ändern oder hinzufügen.
   *[other] { $orgs } verlangen Zwei-Faktor-Authentifizierung von ihren Mitgliedern: Sie können sie nicht ausschalten, solange Sie dazugehören. Sie können stattdessen Methoden ändern oder hinzufügen.
}
# The link a guest gets beside an organization's requirement on the security page.
sec-req-leave = Oder als Gast stattdessen { $org } verlassen.

# Known networks (issue 21)
sec-col-network = Netz
sec-device-network-unknown = unbekannt
sec-device-network-only = nur dieses Netz
sec-device-used-from = { $date } von { $address }
