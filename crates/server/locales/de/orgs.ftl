# Home, and the pages of an organization: overview, members, policy, invitations, audit log, apps.

## Home

home-title = Start
home-welcome = Willkommen, { $name }
home-next-heading = Was als Nächstes zu tun ist
home-all-in-order = Alles in Ordnung: Es wartet nichts auf Sie.
home-orgs-heading = Ihre Organisationen
home-no-orgs = Sie sind noch nicht Mitglied einer Organisation.
home-see-invitations = Ihre Einladungen ansehen
home-col-org = Organisation
home-col-role = Ihre Rolle
home-col-requires = Verlangt Zwei-Faktor-Authentifizierung
home-col-you = Sie
home-yes = Ja
home-from = Ab { $date }
home-no = Nein
home-create-heading = Organisation erstellen
home-org-name-label = Name der Organisation
home-create-submit = Organisation erstellen
home-security-link = Ihre Sicherheitseinstellungen
home-step-set-up-by = { $org } verlangt Zwei-Faktor-Authentifizierung: Richten Sie sie bis zum { $date } ein.
home-step-set-up-now = { $org } verlangt Zwei-Faktor-Authentifizierung und sperrt Sie, bis Sie sie eingerichtet haben.
home-step-set-up = Ihr Konto ist nur durch sein Passwort geschützt. Ein zweiter Faktor schützt es auch dann, wenn das Passwort bekannt wird.
home-action-set-up = Zwei-Faktor-Authentifizierung einrichten
home-step-approve = { $count ->
    [one] { $count } Anmeldung von anderswo wartet auf Ihre Freigabe.
   *[other] { $count } Anmeldungen von anderswo warten auf Ihre Freigabe.
}
home-action-approve = Wartende Anmeldungen ansehen
home-step-recovery-codes = { $count ->
    [0] Sie haben keine Wiederherstellungscodes mehr.
    [one] Nur noch { $count } Wiederherstellungscode übrig.
   *[other] Nur noch { $count } Wiederherstellungscodes übrig.
}
home-action-recovery-codes = Neue Wiederherstellungscodes erstellen
home-step-invitations = { $count ->
    [one] { $count } Einladung wartet auf Sie.
   *[other] { $count } Einladungen warten auf Sie.
}
home-standing-due = Fehlt: fällig am { $date }
home-standing-stopped = Fehlt: Sie sind gesperrt
home-standing-set-up = Eingerichtet
home-standing-not-required = Nicht verlangt

## An organization's overview

org-external = { $name } (extern)
org-your-role = Ihre Rolle: { $role }.
org-2fa-label = Zwei-Faktor-Authentifizierung:
org-2fa-required = verpflichtend
org-2fa-required-from = verpflichtend ab dem { $date }
org-2fa-not-required = noch nicht verpflichtend
org-enrolled = { $members ->
    [one] { $enrolled } von { $members } Mitglied hat Zwei-Faktor-Authentifizierung ({ $percentage } %).
   *[other] { $enrolled } von { $members } Mitgliedern haben Zwei-Faktor-Authentifizierung ({ $percentage } %).
}
org-link-members = Mitglieder
org-link-members-without = Mitglieder ohne 2FA
org-link-policy = Zwei-Faktor-Richtlinie
org-link-invite = Einladen
org-link-audit = Audit-Protokoll
org-link-apps = Apps
org-stopped-nobody = Jedes Mitglied hat einen zugelassenen zweiten Faktor: Niemand wird gesperrt.
org-stopped-from = { $count ->
    [one] { $count } Mitglied ohne zugelassenen zweiten Faktor wird ab dem { $date } gesperrt.
   *[other] { $count } Mitglieder ohne zugelassenen zweiten Faktor werden ab dem { $date } gesperrt.
}
org-stopped-now = { $count ->
    [one] { $count } Mitglied ohne zugelassenen zweiten Faktor ist jetzt gesperrt.
   *[other] { $count } Mitglieder ohne zugelassenen zweiten Faktor sind jetzt gesperrt.
}
org-would-stop = { $count ->
    [one] Wenn Sie Zwei-Faktor-Authentifizierung verlangen, wird { $count } Mitglied zum Stichtag gesperrt.
   *[other] Wenn Sie Zwei-Faktor-Authentifizierung verlangen, werden { $count } Mitglieder zum Stichtag gesperrt.
}

## The adoption chart of the overview and its table

chart-heading = Verbreitung im Zeitverlauf
chart-empty = Die Zahlen des ersten Tages werden innerhalb einer Minute erfasst; das Diagramm wächst Tag für Tag.
chart-caption = Anteil der Mitglieder mit Zwei-Faktor-Authentifizierung (beliebige Methode), Tag für Tag, in den letzten 30 Tagen: Die Tabelle darunter enthält die Zahlen.
chart-table-caption = Mitglieder mit Zwei-Faktor-Authentifizierung pro Tag
chart-col-day = Tag
chart-col-members = Mitglieder
chart-col-with = Mit 2FA
chart-col-share = Anteil
chart-percent = { $value } %

## Members

members-title = Mitglieder von { $org }
members-search-label = Mitglieder suchen
members-show-label = Anzeigen
members-show-everyone = Alle
members-show-without = Ohne 2FA
members-show-with = Mit 2FA
members-filter = Filtern
members-remind-all = Alle ohne 2FA erinnern
members-table-caption = Mitglieder und ihre Zwei-Faktor-Authentifizierung
members-col-member = Mitglied
members-col-role = Rolle
members-col-2fa = Zwei-Faktor-Authentifizierung
members-col-actions = Aktionen
members-badge-on = Aktiv
members-badge-missing = Fehlt
members-deadline = Frist: { $date }
members-deadline-passed = Frist abgelaufen
members-remind-one = 2FA-Erinnerung senden
members-remind-to = an { $email }
members-actions-link = Aktionen
members-actions-for = für { $email }
members-next-page = Nächste Seite
members-csv = Als CSV herunterladen
members-flash-alerted = Sicherheitswarnung gesendet.
members-flash-role-changed = Die Rolle wurde geändert.
members-flash-removed = Das Mitglied wurde entfernt.
members-role-option-member = Mitglied
members-role-option-admin = Administrator
members-role-option-legal-representative = Gesetzlicher Vertreter
members-role-option-owner = Inhaber

## One member

member-title = { $email } in { $org }
member-role-in = { $role } in
member-2fa-label = Zwei-Faktor-Authentifizierung:
member-actions-heading = Aktionen
member-send-alert = Sicherheitswarnung senden
member-remove-link = Aus { $org } entfernen
member-role-heading = Rolle
member-role-label = Rolle
member-change-role = Rolle ändern
member-deadline-heading = Frist für die Einrichtung der Zwei-Faktor-Authentifizierung
member-own-deadline-label = Eigene Frist von { $name }
member-deadline-hint = Später oder früher als die der Organisation, nur für dieses Mitglied; leer gilt die Frist der Organisation. Nie Ihre eigene; die eines Inhabers oder gesetzlichen Vertreters nur durch einen Inhaber. Fragt nach Ihrem zweiten Faktor, wenn Sie ihn in den letzten Minuten nicht verwendet haben.
member-set-deadline = Frist festlegen
member-not-enforced = { $org } verlangt keine Zwei-Faktor-Authentifizierung: Die eigene Frist eines Mitglieds gilt, sobald sie verlangt wird
member-policy-link = zur Richtlinie
member-reset-heading = Zwei-Faktor-Authentifizierung zurücksetzen
member-reset-text = { $org } verwaltet das Konto von { $name }: Sie können die Zwei-Faktor-Authentifizierung zurücksetzen, wenn die Faktoren verloren gegangen sind.
member-reset-link = Zwei-Faktor-Authentifizierung von { $name } zurücksetzen
member-flash-deadline = Die Frist des Mitglieds wurde geändert.
member-flash-mfa-reset = Die Zwei-Faktor-Authentifizierung wurde zurückgesetzt: Bei der nächsten Anmeldung wird ein neuer zweiter Faktor eingerichtet; das Mitglied wurde per E-Mail informiert.
member-remove-title = Mitglied entfernen
member-remove-heading = { $email } aus { $org } entfernen?
member-remove-text = Das Mitglied verliert sofort den Zugang zur Organisation und wird per E-Mail informiert.
member-remove-submit = { $email } entfernen
member-remove-keep = Behalten
member-reset-title = Zwei-Faktor-Authentifizierung von { $name } zurücksetzen
member-reset-confirm-heading = Zwei-Faktor-Authentifizierung von { $name } zurücksetzen?
member-reset-confirm-text = { $email } verliert alle zweiten Faktoren und Wiederherstellungscodes, die App-Passwörter und gemerkten Geräte und wird überall abgemeldet. Bei der nächsten Anmeldung muss vor allem anderen ein neuer zweiter Faktor eingerichtet werden. Das Mitglied wird per E-Mail informiert, und das Zurücksetzen steht im Audit-Protokoll von { $org }.
member-reset-confirm-care = Tun Sie das nur, wenn Sie sicher sind, dass die Person selbst darum bittet (verlorenes Telefon, defekter Schlüssel), und zwar über einen Kanal, dem Sie vertrauen.
member-reset-submit = Zwei-Faktor-Authentifizierung zurücksetzen
member-reset-keep = Nichts ändern

## The two-factor policy

policy-title = Zwei-Faktor-Richtlinie von { $org }
policy-enrolled = { $members ->
    [one] { $enrolled } von { $members } Mitglied hat einen zugelassenen zweiten Faktor ({ $percentage } %).
   *[other] { $enrolled } von { $members } Mitgliedern haben einen zugelassenen zweiten Faktor ({ $percentage } %).
}
policy-enforcement-on = Die Pflicht ist aktiv.
policy-enforcement-off = Die Pflicht ist nicht aktiv.
policy-preview-heading = Wen die Pflicht sperren würde ({ $count })
policy-preview-more = Und { $count } weitere: siehe Mitgliederliste.
policy-enforced-label = Zwei-Faktor-Authentifizierung von jedem Mitglied verlangen
policy-start-label = Beginn (UTC, Jahr-Monat-Tag Stunde:Minute; leer: sofort)
policy-start-hint = Die Mitglieder werden bis dahin bei jeder Anmeldung auf das Datum hingewiesen.
policy-strict-label = Strenger Modus: nicht aktivieren, solange ein Mitglied sie nicht hat
policy-auto-label = Automatisch: von selbst aktivieren, sobald das letzte Mitglied sie hat
policy-methods-legend = Zugelassene Methoden
policy-exempt-legend = Funktionieren weiter ohne Zwei-Faktor-Authentifizierung
policy-client-native = Desktop- und Mobil-Apps
policy-client-sync = Synchronisierungsprogramme (App-Passwörter)
policy-client-web = Die Web-Konsole
policy-remembered-label = Mitglieder dürfen ein Gerät merken lassen
policy-remembered-days-label = Tage, an denen ein gemerktes Gerät den zweiten Schritt überspringt
policy-new-member-days-label = Tage, die neue Mitglieder für die Einrichtung haben
policy-app-passwords-label = Mitglieder dürfen App-Passwörter verwenden
policy-save = Richtlinie speichern
policy-flash-saved = Die Richtlinie wurde gespeichert.
policy-strict-error = { $count ->
    [one] Strenger Modus: { $count } Mitglied hat noch keine Zwei-Faktor-Authentifizierung ({ $emails }). Erinnern Sie es und versuchen Sie es dann erneut.
   *[other] Strenger Modus: { $count } Mitglieder haben noch keine Zwei-Faktor-Authentifizierung ({ $emails }). Erinnern Sie sie und versuchen Sie es dann erneut.
}
policy-confirm-stopped-heading = Mitglieder, die gesperrt werden ({ $count })
policy-confirm-type = Geben Sie zur Bestätigung { $word } ein
policy-confirm-retry = Geben Sie { $word } genau so ein, in Großbuchstaben.
policy-confirm-cancel = Abbrechen
policy-stop-heading = Zwei-Faktor-Pflicht beenden?
policy-stop-text = Mitglieder ohne Zwei-Faktor-Authentifizierung werden wieder eingelassen. Die Inhaber werden per E-Mail informiert.
policy-stop-button = Pflicht beenden
policy-enforce-heading = Zwei-Faktor-Pflicht aktivieren?
policy-enforce-text-scheduled = Mitglieder ohne zugelassenen zweiten Faktor werden jetzt per E-Mail informiert und ab dem gewählten Datum in der Web-Konsole gesperrt.
policy-enforce-text-now = Mitglieder ohne zugelassenen zweiten Faktor werden bei ihrer nächsten Anfrage in der Web-Konsole gesperrt und per E-Mail informiert.
policy-enforce-button = Pflicht aktivieren

## Invitations

invite-title = In { $org } einladen
invite-heading = Jemanden in { $org } einladen
invite-email-label = E-Mail-Adresse
invite-role-label = Rolle
invite-external-label = Extern (ein Gast von außerhalb der Organisation)
invite-manage-label = Verwaltung des Kontos anfragen (die Organisation könnte die Zwei-Faktor-Authentifizierung zurücksetzen; die Person muss beim Annehmen zustimmen)
invite-submit = Einladung senden
invite-waiting-heading = Wartet auf Annahme
invite-none = Es wartet keine Einladung.
invite-table-caption = Einladungen, die auf Annahme warten
invite-col-email = E-Mail-Adresse
invite-col-role = Rolle
invite-col-until = Link gültig bis
invite-col-actions = Aktionen
invite-resend = Erneut senden
invite-revoke = Widerrufen
invite-of = die Einladung von { $email }
invite-flash-sent = Die Einladung wurde gesendet.
invite-flash-sent-to = Die Einladung wurde an { $email } gesendet.
invite-flash-resent-to = Die Einladung wurde erneut an { $email } gesendet; der frühere Link funktioniert nicht mehr.
invite-flash-revoked = Die Einladung wurde widerrufen: Ihr Link funktioniert nicht mehr.
invite-flash-resent = Die Einladung wurde erneut gesendet; der frühere Link funktioniert nicht mehr.
invitation-title = Einladung
invitation-heading = { $org } beitreten
invitation-text-before = Sie sind eingeladen, der Organisation
invitation-text-after = als { $role } beizutreten.
invitation-accept = Einladung annehmen
invitation-set-up = Richten Sie die Zwei-Faktor-Authentifizierung ein
invitation-come-back = , dann kehren Sie auf diese Seite zurück.

## The audit log

audit-title = Audit-Protokoll von { $org }
audit-table-caption = Ereignisse, neueste zuerst
audit-col-when = Zeitpunkt (UTC)
audit-older = Ältere Ereignisse

## Apps (OpenID Connect clients)

apps-title = Apps von { $org }
apps-intro = Apps, bei denen sich die Personen der Organisation über twofold anmelden (OpenID Connect). Ihre Zwei-Faktor-Regel gilt auch dort.
apps-registered-heading = App registriert
apps-client-id = Client-ID:
apps-client-secret = Client-Secret, nur dieses eine Mal angezeigt:
apps-table-caption = Registrierte Apps
apps-col-name = Name
apps-col-client-id = Client-ID
apps-col-type = Typ
apps-col-uris = Weiterleitungs-URIs
apps-col-actions = Aktionen
apps-row-type = { $type }, { $kind }
apps-type-confidential = vertraulich
apps-type-public = öffentlich
apps-kind-web = Web
apps-kind-native = nativ
apps-remove = { $name } entfernen
apps-register-heading = App registrieren
apps-name-label = Name
apps-type-label = Typ
apps-type-confidential-option = Vertraulich (ein Server, der ein Geheimnis bewahrt)
apps-type-public-option = Öffentlich (eine native oder Browser-App, mit PKCE)
apps-kind-label = Art
apps-kind-web-option = Web-App
apps-kind-native-option = Native App
apps-uris-label = Weiterleitungs-URIs, eine pro Zeile
apps-more = Weitere Optionen
apps-post-logout-label = Nach der Abmeldung weiterleiten zu (eine pro Zeile)
apps-post-logout-hint = Wohin die App twofold bitten darf, Personen nach der Abmeldung weiterzuleiten.
apps-backchannel-label = Back-Channel-Logout-URI
apps-backchannel-hint = twofold benachrichtigt die App hier sofort, wenn die Sitzung einer Person endet: Sie meldet sich ab, verlässt die Organisation oder wird durch deren Zwei-Faktor-Regel gesperrt.
apps-alg-label = Signatur des ID-Tokens
apps-alg-es256 = ES256 (empfohlen)
apps-alg-rs256 = RS256 (für Bibliotheken, die nur RSA kennen)
apps-register = Registrieren

org-phishing-resistant = { $count } von { $members } haben einen phishing-resistenten Faktor (Sicherheitsschlüssel oder Passkey).

policy-phishing-resistant-only = Nur phishing-resistent
policy-phishing-resistant-hint = Kreuzen Sie nur „Sicherheitsschlüssel“ an für nur phishing-resistente Faktoren: Sicherheitsschlüssel und Passkeys antworten nur dieser Seite, Codes und Push-Bestätigungen kann eine gefälschte Seite weiterreichen.

# The policy page: its state, the main choice and the folded options.
policy-enforcement-scheduled = Die Pflicht ist geplant: Sie beginnt am { $date }.
policy-preview-heading-on = Jetzt gesperrt ({ $count })
policy-preview-heading-scheduled = Ab { $date } gesperrt, wenn sie es nicht vorher einrichten ({ $count })
policy-enforced-hint = Mitglieder ohne zugelassenen zweiten Faktor werden in der Webkonsole und in den Apps, die sich über twofold anmelden, gesperrt, bis sie einen einrichten.
policy-more-options = Weitere Optionen
policy-strict-hint = Das Speichern mit aktiver Pflicht schlägt fehl und nennt, wer fehlt, bis jedes Mitglied einen zugelassenen zweiten Faktor hat.
policy-auto-hint = Bis dahin wird nichts verlangt; die Pflicht beginnt, sobald das letzte Mitglied einen zweiten Faktor einrichtet.
policy-exempt-hint = Was Mitglieder ohne Zwei-Faktor-Authentifizierung weiter nutzen können, sobald sie Pflicht ist: Was schon angemeldet war, funktioniert weiter; die angekreuzten Arten dürfen sich auch neu anmelden.
policy-remembered-hint = Nach einem zweiten Schritt darf ein Browser ihn für die unten genannten Tage überspringen.
policy-new-member-days-hint = Wer beitritt, während die Pflicht gilt, hat so viele Tage ab dem Beitritt; 0: sofort.
policy-app-passwords-hint = Passwörter für Synchronisierungswerkzeuge (E-Mail, Kalender, Dateien), die nicht nach einem zweiten Faktor fragen können.
policy-enforce-now-heading = Mitglieder ohne zugelassenen zweiten Faktor jetzt sperren?
policy-enforce-now-button = Jetzt durchsetzen

# The members page: reminders said in figures, the last reminder, a wide table.
members-col-reminded = Zuletzt erinnert
members-table-scroll = Die Tabelle lässt sich seitlich verschieben: Die Aktionen stehen rechts.
members-flash-reminded-count = { $count ->
    [0] Es wurde keine Erinnerung gesendet.
    [one] Eine Erinnerung wurde an 1 Mitglied gesendet.
   *[other] Erinnerungen wurden an { $count } Mitglieder gesendet.
}
members-flash-reminded-skipped = { $count ->
    [one] 1 Mitglied wurde übersprungen: in den letzten { $hours } Stunden bereits erinnert.
   *[other] { $count } Mitglieder wurden übersprungen: in den letzten { $hours } Stunden bereits erinnert.
}

# Leaving an organization, after a page that asks.
leave-title = { $org } verlassen?
leave-text = Sie sind dann kein Mitglied von { $org } mehr: Deren Apps melden Sie nicht mehr über twofold an, und nur eine neue Einladung bringt Sie zurück. Ihr Konto bleibt.
leave-stay = Bleiben
# The invitation page: who sent it, and declining from the link.
invitation-by-middle = lädt Sie ein, der Organisation
invitation-decline = Ablehnen

# The audit log in sentences.
audit-actor-twofold = twofold
audit-col-event = Was geschah
audit-policy-on-from = { $actor } hat die Zwei-Faktor-Pflicht aktiviert, ab { $date }
audit-policy-on = { $actor } hat die Zwei-Faktor-Pflicht aktiviert, sofort
audit-policy-off = { $actor } hat die Zwei-Faktor-Pflicht deaktiviert
audit-policy-date = { $actor } hat den Beginn der Zwei-Faktor-Pflicht auf { $date } verlegt
audit-policy-date-now = { $actor } hat die Zwei-Faktor-Pflicht sofort beginnen lassen
audit-policy-changed = { $actor } hat die Zwei-Faktor-Richtlinie geändert
audit-org-mfa-reminders-sent = { $count ->
    [0] { $actor } hat niemanden an 2FA erinnert: Alle hatten kürzlich eine Erinnerung
    [one] { $actor } hat 1 Mitglied an 2FA erinnert
   *[other] { $actor } hat { $count } Mitglieder an 2FA erinnert
}
audit-org-created = { $actor } hat die Organisation erstellt
audit-org-invitation-created = { $actor } hat { $target } als { $role } eingeladen
audit-org-invitation-accepted = { $actor } hat die Einladung angenommen und ist als { $role } beigetreten
audit-org-invitation-revoked = { $actor } hat die Einladung von { $target } widerrufen
audit-org-invitation-declined = { $actor } hat die Einladung abgelehnt
audit-org-member-role-changed = { $actor } hat { $target } die Rolle { $role } gegeben
audit-org-member-removed = { $actor } hat { $target } entfernt
audit-org-member-left = { $actor } hat die Organisation verlassen
audit-org-mfa-policy-auto-enforced = Die Zwei-Faktor-Pflicht hat sich selbst aktiviert: Jedes Mitglied hatte sie eingerichtet
audit-org-security-alert-sent = { $actor } hat { $target } eine Sicherheitswarnung gesendet
audit-org-member-mfa-deadline-changed = { $actor } hat { $target } eine eigene Frist gegeben
audit-org-member-mfa-reset = { $actor } hat die Zwei-Faktor-Authentifizierung von { $target } zurückgesetzt
audit-org-member-mfa-reset-elsewhere = Die Organisation, die das Konto von { $target } verwaltet, hat die Zwei-Faktor-Authentifizierung zurückgesetzt
audit-org-client-registered = { $actor } hat die App { $target } registriert
audit-org-client-removed = { $actor } hat die App { $target } entfernt
audit-other = { $actor }: { $code } ({ $target })

# Known networks (issue 21)
policy-networks-label = Gemerkte Geräte überspringen den zweiten Schritt nur aus bekannten Netzen
policy-networks-hint = Bekannt: das Netz, in dem das Gerät gemerkt wurde (dasselbe IPv4-/24 oder IPv6-/64), oder eines der vertrauenswürdigen Netze unten. Anderswo wird der zweite Schritt verlangt und die Inhaberin oder der Inhaber benachrichtigt. Gehört ein Mitglied mehreren Organisationen an, gilt die strengste.
policy-trusted-label = Vertrauenswürdige Netze
policy-trusted-hint = Ihre Büros und Ihr VPN in CIDR-Schreibweise, eines pro Zeile: 203.0.113.0/24, 2001:db8::/48. Höchstens 500.
