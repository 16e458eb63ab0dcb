# What pages say when something fails. The English sentences are also the API's words (its
# problem documents), so they start lower case and end without a full stop; translations are
# read on pages only and may read as sentences.

## The error page.

error-failed-heading = Das hat nicht geklappt
error-unavailable-heading = Vorübergehend nicht verfügbar
error-unavailable-text = Der Dienst kann seine Datenbank gerade nicht erreichen. Es wurde nichts geändert: Warten Sie ein paar Sekunden und versuchen Sie es erneut.
error-form-expired-heading = Dieses Formular ist abgelaufen
error-form-expired-text = Gehen Sie zurück, laden Sie die Seite neu und senden Sie das Formular erneut.
error-go-back = Zurück

## What a request failed with.

# A failure on our side: never says why.
error-internal = Bei uns ist ein Fehler aufgetreten
error-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse
error-invalid-credentials = E-Mail-Adresse oder Passwort ist falsch
# $seconds is the number as digits; $count is the same number, to choose a plural form.
error-too-many-attempts = Zu viele Versuche; versuchen Sie es in { $count ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    } erneut
error-unauthenticated = Melden Sie sich zuerst an
error-csrf-failed = Diese Anfrage braucht einen passenden Origin-Header oder den X-CSRF-Token-Header
error-mfa-required = Schließen Sie die Anmeldung zuerst mit Ihrem zweiten Faktor ab
error-mfa-reset = Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt: Richten Sie zuerst einen neuen zweiten Faktor ein (POST /api/v1/me/mfa/totp)
# $orgs is a list of organization names (error-list-and); $count how many there are.
error-mfa-setup-required = { $count ->
        [one] { $orgs } verlangt Zwei-Faktor-Authentifizierung: Richten Sie sie zuerst ein (POST /api/v1/me/mfa/totp) oder verlassen Sie die Organisation
       *[other] { $orgs } verlangen Zwei-Faktor-Authentifizierung: Richten Sie sie zuerst ein (POST /api/v1/me/mfa/totp) oder verlassen Sie diese Organisationen
    }
# An organization's name in a sentence.
error-org-quoted = „{ $name }“
# The end of a list: $rest is the items before the last, separated by commas.
error-list-and = { $rest } und { $last }
error-already-member = Diese Person ist bereits Mitglied der Organisation
error-last-owner = Eine Organisation muss mindestens einen Inhaber behalten
# $orgs is a list of organization names separated by commas.
error-last-owner-of = Sie sind der letzte Inhaber von { $orgs }: Machen Sie zuerst jemand anderen zum Inhaber (oder löschen Sie die Organisation)
error-invitation-invalid = Diese Einladung existiert nicht, ist abgelaufen oder wurde bereits verwendet
error-password-reset-invalid = Dieser Link zum Zurücksetzen des Passworts existiert nicht, ist abgelaufen oder wurde bereits verwendet
error-email-change-invalid = Dieser Bestätigungslink existiert nicht, ist abgelaufen, wurde bereits verwendet oder gehört zu einem anderen Konto
error-verification-invalid = Dieser Bestätigungslink existiert nicht, ist abgelaufen oder wurde bereits verwendet
error-email-unverified = Bestätigen Sie zuerst Ihre E-Mail-Adresse: Öffnen Sie den Link, den wir Ihnen bei der Registrierung geschickt haben
error-invitation-email-mismatch = Diese Einladung wurde an eine andere E-Mail-Adresse gesendet
error-sign-up-disabled = Das Erstellen von Konten ist auf diesem Server deaktiviert
error-invalid-code = Der Code ist falsch, abgelaufen oder wurde bereits verwendet
# $minutes as digits; $count the same number, for plural forms.
error-reauthentication-required = Bestätigen Sie, dass Sie es sind: Bestehen Sie erneut einen zweiten Faktor (POST /api/v1/sessions/current/mfa) und versuchen Sie es innerhalb { $count ->
        [one] einer Minute
       *[other] von { $minutes } Minuten
    } erneut
error-mfa-required-by-org = Eine Organisation, der Sie angehören, verlangt Zwei-Faktor-Authentifizierung: Behalten Sie mindestens eine Methode, die sie akzeptiert
error-mfa-not-enabled = Für dieses Konto ist keine Zwei-Faktor-Authentifizierung eingerichtet
error-mfa-required-to-join = Diese Organisation verlangt Zwei-Faktor-Authentifizierung: Richten Sie einen zweiten Faktor ein und nehmen Sie dann die Einladung an
# $word is what to type, as is (ENFORCE, STOP); `confirm` is the field's name in the API.
error-confirmation-required = Geben Sie { $word } in `confirm` ein, um diese Änderung vorzunehmen
# $total as digits; $count the same number, for plural forms.
error-members-without-mfa = Strikter Modus: Jedes Mitglied braucht Zwei-Faktor-Authentifizierung, bevor sie durchgesetzt werden kann; { $count ->
        [one] { $total } Mitglied hat sie noch nicht
       *[other] { $total } Mitglieder haben sie noch nicht
    }
error-app-passwords-not-allowed = Eine Organisation, der Sie angehören, erlaubt keine App-Passwörter
# $detail is a technical reason, in English.
error-webauthn-unavailable = Sicherheitsschlüssel sind auf diesem Server nicht verfügbar: { $detail }
error-webauthn-ceremony-invalid = Dieser Sicherheitsschlüssel-Vorgang existiert nicht, ist abgelaufen oder wurde bereits verwendet; beginnen Sie von vorn
# $detail is a technical reason, in English.
error-webauthn-rejected = Die Antwort des Sicherheitsschlüssels wurde abgelehnt: { $detail }
# $country is a country code (FR); $allowed a list of them (CH, FR, BE, DE).
error-country-not-allowed = SMS-Codes werden nicht an Nummern dieses Landes gesendet ({ $country }); erlaubt: { $allowed }. Verwenden Sie stattdessen eine Authenticator-App oder einen Sicherheitsschlüssel
error-sms-paused = SMS sind auf diesem Server für { $count ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    } pausiert (in dieser Stunde wurden zu viele gesendet); verwenden Sie eine andere Methode
error-push-challenge-invalid = Diese Anmeldeanfrage wurde bereits beantwortet, durch eine neuere ersetzt oder ist abgelaufen
error-push-denied = Die Anmeldung wurde abgelehnt (oder die falsche Zahl gewählt); melden Sie sich erneut an
error-invalid-signature = Die Signatur der Antwort passt nicht zum Schlüssel dieses Geräts
error-basic-auth-required = Melden Sie sich mit Ihrer E-Mail-Adresse und einem App-Passwort an (HTTP Basic)
error-overloaded = Der Server ist ausgelastet; versuchen Sie es gleich noch einmal
error-unavailable = Der Dienst ist vorübergehend nicht verfügbar; versuchen Sie es gleich noch einmal
error-management-consent-required = Diese Einladung bittet darum, dass die Organisation Ihr Konto verwaltet (sie könnte Ihre Zwei-Faktor-Authentifizierung zurücksetzen): Nehmen Sie sie mit accept_management: true an, um zuzustimmen
error-already-managed = Eine andere Organisation verwaltet dieses Konto bereits; verlassen Sie sie zuerst oder nehmen Sie ohne Verwaltung an
# $what says what was sent too often (error-limit-…).
error-rate-limited = { $what }; versuchen Sie es in { $count ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    } erneut
error-limit-org-invitations = Diese Organisation hat zu viele Einladungen gesendet
error-limit-your-invitations = Sie haben zu viele Einladungen gesendet
error-limit-address-invitations = Diese Adresse hat zu viele Einladungen erhalten
error-limit-member-alert = Dieses Mitglied hat kürzlich eine Sicherheitswarnung dieser Organisation erhalten
# $detail is a technical reason, in English.
error-bad-request = Ungültige Anfrage: { $detail }
error-no-such-route = Diese Adresse gibt es nicht
error-method-not-allowed = Diese Adresse akzeptiert diese Methode nicht
# $reason is a reason we have no translation of, in English.
error-forbidden = Nicht erlaubt: { $reason }
error-forbidden-manage-apps = Nur Inhaber und Administratoren dürfen die Apps der Organisation verwalten
error-forbidden-managers-only = Nur Inhaber, gesetzliche Vertreter und Administratoren dürfen das tun
error-forbidden-confirm-device = Bestätigen Sie zuerst dieses Gerät: Geben Sie den angezeigten Code auf der Sicherheitsseite ein
error-forbidden-approve-sign-ins = Nur eine Browsersitzung, die selbst einen zweiten Faktor bestanden hat, darf Anmeldungen freigeben
error-forbidden-invite-owners = Nur Inhaber dürfen Inhaber oder gesetzliche Vertreter einladen
error-forbidden-address-unproved = Ihre Adresse ist noch nicht bestätigt: Verwenden Sie den Link in der Einladungs-E-Mail
error-forbidden-revoke-owner-invitations = Nur Inhaber dürfen Einladungen von Inhabern oder gesetzlichen Vertretern widerrufen
error-forbidden-owner-roles = Nur Inhaber dürfen die Rollen Inhaber und gesetzlicher Vertreter vergeben oder entziehen
error-forbidden-remove-members = Nur Inhaber, gesetzliche Vertreter und Administratoren dürfen Mitglieder entfernen
error-forbidden-remove-owners = Nur Inhaber dürfen Inhaber oder gesetzliche Vertreter entfernen
# $what is a thing we have no translation of, in English.
error-not-found = Nicht gefunden: { $what }
error-not-found-account = Konto nicht gefunden
error-not-found-app-password = App-Passwort nicht gefunden
error-not-found-client = App nicht gefunden
error-not-found-device = Gerät nicht gefunden
error-not-found-enrollment-code = Registrierungscode nicht gefunden
error-not-found-invitation = Einladung nicht gefunden
error-not-found-member = Mitglied nicht gefunden
error-not-found-method = Methode nicht gefunden
error-not-found-organization = Organisation nicht gefunden
error-not-found-page = Seite nicht gefunden
error-not-found-pending-enrollment = Ausstehende Registrierung nicht gefunden
error-not-found-session = Sitzung nicht gefunden
error-not-found-sign-in-request = Anmeldeanfrage nicht gefunden

## A value a form or request gave that was refused: "{ $field }: why". $field is the field's
## name (invalid-field-…, or the API's name of a field we have no translation of).

invalid-field-email = E-Mail-Adresse
invalid-field-password = Passwort
invalid-field-name = Name
invalid-field-label = Bezeichnung
invalid-field-code = Code
invalid-field-phone = Telefonnummer
invalid-field-number = Zahl
invalid-field-role = Rolle
invalid-field-locale = Sprache
invalid-field-type = Typ
invalid-field-deadline = Frist
invalid-field-enforce-from = Gültig ab
invalid-field-remembered-device-days = Dauer für gemerkte Geräte
invalid-field-new-member-days = Frist für neue Mitglieder
invalid-field-redirect-uris = Weiterleitungs-URIs
invalid-field-post-logout-redirect-uris = Weiterleitungs-URIs nach der Abmeldung
invalid-field-backchannel-logout-uri = Backchannel-Logout-URI
invalid-field-allowed-countries = Erlaubte Länder
invalid-field-allowed-methods = Erlaubte Methoden
# A search's words.
invalid-field-q = Suche

# $reason is a technical reason, in English.
invalid-other = { $field }: { $reason }
invalid-required = { $field }: ist erforderlich
invalid-empty = { $field }: darf nicht leer sein
invalid-too-short = { $field }: muss mindestens { $min } Zeichen lang sein
invalid-too-long = { $field }: darf höchstens { $max } Zeichen lang sein
invalid-chars = { $field }: muss { $min } bis { $max } Zeichen lang sein
invalid-between = { $field }: muss zwischen { $min } und { $max } liegen
# How many items a list may have.
invalid-at-most = { $field }: höchstens { $max }
invalid-at-least-one = { $field }: muss mindestens einen Eintrag enthalten
invalid-control-characters = { $field }: darf keine Steuerzeichen enthalten
# $list is the API's words, as is: en, fr, de, it.
invalid-one-of = { $field }: muss einer dieser Werte sein: { $list }
# $first and $second are the API's words, as is.
invalid-either = { $field }: muss { $first } oder { $second } sein
invalid-exactly = { $field }: muss { $word } sein
invalid-not-id = { $field }: ist keine gültige ID
invalid-not-cursor = { $field }: ist kein gültiger Cursor
invalid-not-session-state = { $field }: ist kein Sitzungsstatus
invalid-not-challenge-id = { $field }: ist keine Anfrage-ID
# $detail is a technical reason, in English.
invalid-address = { $field }: ist keine gültige Adresse ({ $detail })
invalid-address-without-dot = { $field }: ist keine gültige Adresse (die Domain braucht einen Punkt)
invalid-same-email = { $field }: ist bereits die Adresse des Kontos
invalid-common-password = { $field }: gehört zu den am häufigsten verwendeten Passwörtern
invalid-repeated-character = { $field }: darf nicht nur aus einem wiederholten Zeichen bestehen
invalid-password-is-email = { $field }: darf nicht Ihre E-Mail-Adresse sein
invalid-uri-too-long = { $field }: ist zu lang
invalid-uri-spaces = { $field }: darf keine Leer- oder Steuerzeichen enthalten
invalid-uri-not-absolute = { $field }: muss ein absoluter URI sein
invalid-uri-fragment = { $field }: darf kein Fragment haben
invalid-uri-user-info = { $field }: darf keine Benutzerinformationen enthalten
invalid-uri-https = { $field }: muss https verwenden (http nur auf einer Loopback-Adresse)
invalid-uri-scheme = { $field }: muss https verwenden, oder ein Reverse-DNS-Schema für eine native App
invalid-public-https = { $field }: muss eine öffentliche https-Adresse sein
invalid-too-many-apps = { $field }: Die Organisation hat bereits { $max } Apps
invalid-code-challenge = { $field }: muss aus 43 base64url-Zeichen bestehen
invalid-scope-openid = { $field }: muss openid enthalten
invalid-country-codes = { $field }: müssen ISO-3166-1-Alpha-2-Codes wie CH sein
invalid-phone-length = { $field }: muss eine Telefonnummer mit 1 bis 32 Zeichen sein
invalid-phone-international = { $field }: muss im internationalen Format mit Landesvorwahl angegeben werden (+41 79 123 45 67)
invalid-not-phone = { $field }: ist keine Telefonnummer
invalid-phone-invalid = { $field }: ist keine gültige Telefonnummer
invalid-phone-no-country = { $field }: gehört zu keinem Land
invalid-phone-mobile = { $field }: muss eine Mobilnummer sein, die SMS empfangen kann
invalid-number-required = { $field }: ist für die Freigabe erforderlich: die Zahl, die die Anmeldung anzeigt
invalid-not-me-with-denial = { $field }: gilt nur zusammen mit einer Ablehnung
invalid-public-key = { $field }: muss ein öffentlicher Ed25519-Schlüssel sein, 32 Bytes in base64url
invalid-recovery-code = { $field }: muss einer Ihrer 12-stelligen Wiederherstellungscodes sein
invalid-sms-code = { $field }: muss aus den 6 Ziffern der SMS bestehen
invalid-totp-code = { $field }: muss aus den 6 Ziffern bestehen, die Ihre App anzeigt
invalid-no-such-method = { $field }: Für dieses Konto ist keine Methode dieses Typs eingerichtet
invalid-type-mismatch = { $field }: passt nicht zum Typ der Methode
invalid-not-credential = { $field }: ist kein WebAuthn-Berechtigungsnachweis
invalid-not-assertion = { $field }: ist keine WebAuthn-Assertion
invalid-signature-required = { $field }: ist von einem Gerät erforderlich
invalid-no-approver = { $field }: Kein Authentifizierungsgerät und kein anderer angemeldeter Browser kann diese Anmeldung freigeben
invalid-not-enrolled = { $field }: Das Gerät ist noch nicht registriert: Geben Sie ihm zuerst den Registrierungscode
invalid-method-list = { $field }: muss totp, webauthn, sms oder push aufführen
invalid-at-least-one-method = { $field }: muss mindestens eine Methode erlauben
invalid-too-many-members = { $field }: darf höchstens { $max } Mitglieder aufführen
invalid-user-ids = { $field }: muss Benutzer-IDs aufführen
invalid-date-like = { $field }: muss ein Datum wie 2027-01-31 sein
invalid-date-time = { $field }: muss ein Datum mit Uhrzeit sein
invalid-days = { $field }: muss eine Anzahl Tage sein
# An address the console does not have.
error-not-found-heading = Seite nicht gefunden
error-not-found-text = Unter dieser Adresse gibt es nichts. Gehen Sie zur Startseite zurück und von dort weiter.

# Known networks (issue 21)
invalid-field-trusted-networks = Vertrauenswürdige Netze
invalid-field-remembered-device-networks = Netze gemerkter Geräte
invalid-field-remember-device-networks = Netz dieses Geräts
invalid-not-cidr = { $field }: { $block } ist kein Netz in CIDR-Schreibweise (203.0.113.0/24, 2001:db8::/48)
invalid-network-too-wide = { $field }: darf nicht breiter sein als ein IPv4-/8 oder ein IPv6-/16, sonst ist es ein großer Teil des Internets
