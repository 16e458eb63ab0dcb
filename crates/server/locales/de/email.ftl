# E-Mails und SMS. Jede Nachricht ist ein Absatz einer E-Mail, in einer einzigen Zeile.

mail-hello = Guten Tag
mail-api = Oder über die API: { $request }
mail-api-with = Oder über die API: { $request } mit { $json }
mail-contact-owners = Falls Sie damit nicht gerechnet haben, wenden Sie sich an die Inhaber der Organisation.

mail-method-webauthn = Sicherheitsschlüssel
mail-method-push = Push-Freigabe-App
mail-method-totp = Authenticator-App
mail-method-sms = SMS-Code

## Invitations

mail-invitation-subject = Einladung in die Organisation { $org } auf twofold
mail-invitation-invited = Die Person mit dem Namen { $inviter } hat Sie eingeladen, der Organisation { $org } mit der Rolle { $role } beizutreten.
mail-invitation-requires-mfa = Die Organisation { $org } verlangt die Zwei-Faktor-Authentifizierung: Richten Sie in Ihrem Konto einen zweiten Faktor (eine Authenticator-App oder einen Sicherheitsschlüssel) ein, bevor Sie annehmen.
mail-invitation-manage = Die Organisation { $org } möchte außerdem Ihr Konto verwalten. Wenn Sie zustimmen (Sie werden beim Annehmen gefragt), können ihre Inhaber und Administratoren Ihre Zwei-Faktor-Authentifizierung zurücksetzen: Ihre zweiten Faktoren und Wiederherstellungscodes entfernen, Ihre App-Passwörter und gespeicherten Geräte widerrufen und Sie überall abmelden. Nur eine Organisation kann ein Konto verwalten, und die Verwaltung endet, wenn Sie sie verlassen. Um über die API anzunehmen, senden Sie { $json }.
mail-invitation-accept = Nehmen Sie die Einladung hier an:
mail-invitation-join = Neu bei twofold? Erstellen Sie Ihr Konto und treten Sie in einem Schritt bei (der Link gilt nur für diese Adresse und nur für Sie: Geben Sie ihn nicht weiter):
mail-invitation-expires = Die Einladung läuft am { $expires } ab. Falls Sie sie nicht erwartet haben, ignorieren Sie diese E-Mail.

## Memberships

mail-role-changed-subject = Ihre Rolle in der Organisation { $org } hat sich geändert
mail-role-changed = Ihre Rolle in der Organisation { $org } ist jetzt: { $role }.
mail-removed-subject = Sie wurden aus der Organisation { $org } entfernt
mail-removed = Sie sind nicht mehr Mitglied der Organisation { $org }.

## Links

mail-verify-subject = Bestätigen Sie Ihre E-Mail-Adresse
mail-verify-confirm = Jemand hat sich am { $at } mit dieser Adresse bei twofold registriert. Falls Sie das waren, bestätigen Sie, dass die Adresse Ihnen gehört, um die Erstellung Ihres Kontos abzuschließen (die Seite fragt nach dem Passwort, das Sie gewählt haben; der Link funktioniert einmal, bis { $until }):
mail-verify-ignore = Falls Sie sich zu diesem Zeitpunkt nicht registriert haben, ignorieren Sie diese E-Mail: Ein Konto, dessen Adresse nicht bestätigt ist, wird nach { $days ->
        [one] { $days } Tag
       *[other] { $days } Tagen
    } gelöscht und kann sich nie anmelden.
mail-email-change-subject = Bestätigen Sie Ihre neue twofold-Adresse
mail-email-change-confirm = Ein twofold-Konto möchte diese Adresse verwenden. Bestätigen Sie sie hier, während Sie bei diesem Konto angemeldet sind (der Link funktioniert einmal, bis { $until }):
mail-email-change-ignore = Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.
mail-reset-subject = Setzen Sie Ihr twofold-Passwort zurück
mail-reset-choose = Jemand hat angefordert, das Passwort des twofold-Kontos dieser Adresse zurückzusetzen. Wählen Sie hier ein neues Passwort (der Link funktioniert einmal, bis { $until }):
mail-reset-effects = Ein neues Passwort meldet alle Sitzungen ab und vergisst gespeicherte Geräte. Wenn Ihr Konto die Zwei-Faktor-Authentifizierung nutzt, werden Sie bei der nächsten Anmeldung weiterhin nach Ihrem zweiten Faktor gefragt.
mail-reset-ignore = Falls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.

## A manager's security review of a member's account

mail-alert-subject = Sicherheitsüberprüfung Ihres Kontos, von { $org }
mail-alert-review = { $sender }, eine verwaltende Person der Organisation { $org }, bittet Sie, die Sicherheit Ihres twofold-Kontos zu überprüfen. So sieht es aus:
mail-alert-advice = Falls etwas hier nicht zu Ihnen gehört (eine Methode, ein App-Passwort, ein Gerät), entfernen Sie es auf der Sicherheitsseite Ihres Kontos: { $url }. Falls die Zwei-Faktor-Authentifizierung ausgeschaltet ist, schalten Sie sie dort ein.
mail-summary-mfa-off = Zwei-Faktor-Authentifizierung: AUS. Ihr Konto ist nur durch sein Passwort geschützt.
mail-summary-methods = Zwei-Faktor-Methoden:
mail-summary-method = { $method } „{ $label }“, hinzugefügt am { $added }
mail-summary-codes-left = Verbleibende Wiederherstellungscodes: { $count }
mail-summary-app-passwords = App-Passwörter: { $count }
mail-summary-app-password = „{ $label }“, erstellt am { $created }, zuletzt verwendet am { $used }
mail-summary-app-password-unused = „{ $label }“, erstellt am { $created }, noch nie verwendet
mail-summary-devices = Gespeicherte Geräte: { $count }
mail-summary-device = „{ $label }“, gespeichert am { $remembered }, zuletzt verwendet am { $used }

## Reminders to set up two-factor authentication

mail-reminder-asks-subject = Erinnerung: { $org } bittet Sie, die Zwei-Faktor-Authentifizierung einzurichten
mail-reminder-requires-subject = Erinnerung: { $org } verlangt die Zwei-Faktor-Authentifizierung
mail-reminder-asks = Die Organisation { $org } bittet ihre Mitglieder, die Zwei-Faktor-Authentifizierung einzurichten, und Ihr Konto hat noch keinen zweiten Faktor, den sie akzeptiert.
mail-reminder-requires = Die Organisation { $org } verlangt von ihren Mitgliedern die Zwei-Faktor-Authentifizierung, und Ihr Konto hat noch keinen zweiten Faktor, den sie akzeptiert.
mail-reminder-quick = Das dauert zwei Minuten.
mail-reminder-before = Bitte richten Sie sie vor dem { $deadline } ein; ab dann hält Sie die Webkonsole auf, bis Sie es getan haben.
mail-reminder-stopped = Bis Sie sie eingerichtet haben, hält Sie die Webkonsole auf; Desktop- und Mobil-Apps funktionieren weiterhin.
mail-reminder-add = Fügen Sie auf der Sicherheitsseite Ihres Kontos eine Authenticator-App oder einen Sicherheitsschlüssel hinzu: { $url }
mail-announce-subject = { $org } verlangt die Zwei-Faktor-Authentifizierung
mail-announce-now = Die Organisation { $org } verlangt ab sofort von ihren Mitgliedern die Zwei-Faktor-Authentifizierung.
mail-announce-from = Die Organisation { $org } verlangt ab dem { $date } von ihren Mitgliedern die Zwei-Faktor-Authentifizierung.
mail-announce-set-up = Richten Sie auf der Sicherheitsseite Ihres Kontos einen zweiten Faktor (eine Authenticator-App oder einen Sicherheitsschlüssel) ein: { $url }
mail-announce-until = Bis dahin hält Sie die Webkonsole auf, ebenso eine neue Anmeldung aus einer App; Desktop- und Mobil-Apps, die vorher angemeldet waren, sowie App-Passwörter funktionieren weiterhin.

## Security notices

mail-notice-when = Zeitpunkt: { $at }
mail-notice-advice = Falls Sie das waren, müssen Sie nichts tun. Falls nicht, ändern Sie sofort Ihr Passwort und überprüfen Sie die Zwei-Faktor-Methoden, App-Passwörter und gespeicherten Geräte auf der Sicherheitsseite Ihres Kontos.

mail-notice-method-added = Ihrem twofold-Konto wurde ein zweiter Faktor hinzugefügt: { $method } „{ $label }“.
    .subject = Ihrem Konto wurde eine Zwei-Faktor-Methode hinzugefügt
mail-notice-default-method = Die Methode { $method } („{ $label }“) wird Ihnen jetzt bei der Anmeldung als erste vorgeschlagen.
    .subject = Ihre Standard-Zwei-Faktor-Methode wurde geändert
mail-notice-method-removed = Die Methode { $method } („{ $label }“) wurde aus Ihrem twofold-Konto entfernt.
    .subject = Eine Zwei-Faktor-Methode wurde aus Ihrem Konto entfernt
mail-notice-last-method-removed = Die Methode { $method } („{ $label }“) wurde aus Ihrem twofold-Konto entfernt. Es war Ihre letzte: Die Zwei-Faktor-Authentifizierung ist jetzt ausgeschaltet.
    .subject = Eine Zwei-Faktor-Methode wurde aus Ihrem Konto entfernt
mail-notice-mfa-off = Die Zwei-Faktor-Authentifizierung wurde für Ihr twofold-Konto ausgeschaltet: Seine Methoden und Wiederherstellungscodes wurden entfernt und gespeicherte Geräte vergessen.
    .subject = Die Zwei-Faktor-Authentifizierung wurde ausgeschaltet
mail-notice-recovery-codes = Für Ihr twofold-Konto wurden neue Wiederherstellungscodes erstellt; die bisherigen Codes funktionieren nicht mehr.
    .subject = Neue Wiederherstellungscodes wurden erstellt
mail-notice-reset-by-operator = Ein Betreiber dieses twofold-Servers hat die Zwei-Faktor-Authentifizierung Ihres Kontos zurückgesetzt: Seine Methoden und Wiederherstellungscodes wurden entfernt, gespeicherte Geräte vergessen und alle Sitzungen abgemeldet. Melden Sie sich an und richten Sie einen neuen zweiten Faktor ein: Bis dahin kann Ihr Konto (einschließlich App-Passwörtern) nichts anderes tun.
    .subject = Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt
mail-notice-reset-by-manager = { $manager }, eine verwaltende Person der Organisation { $org }, die Ihr Konto verwaltet, hat die Zwei-Faktor-Authentifizierung Ihres Kontos zurückgesetzt: Seine Methoden und Wiederherstellungscodes wurden entfernt, seine App-Passwörter widerrufen, seine gespeicherten Geräte vergessen und alle Sitzungen abgemeldet. Melden Sie sich mit Ihrem Passwort an und richten Sie einen neuen zweiten Faktor ein: Bis dahin kann Ihr Konto nichts anderes tun.
    .subject = Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt
mail-notice-app-password-created = In Ihrem twofold-Konto wurde ein App-Passwort mit dem Namen „{ $label }“ erstellt. Synchronisierungs-Tools können sich damit anmelden, bis Sie es widerrufen.
    .subject = Ein App-Passwort wurde erstellt
mail-notice-app-password-revoked = Ein App-Passwort Ihres twofold-Kontos wurde widerrufen; Synchronisierungs-Tools, die es verwenden, können sich nicht mehr anmelden.
    .subject = Ein App-Passwort wurde widerrufen
mail-notice-device-remembered = Ein Browser ({ $label }) wurde für Ihr twofold-Konto gespeichert: Anmeldungen von diesem Browser überspringen { $days ->
        [one] { $days } Tag
       *[other] { $days } Tage
    } lang den zweiten Schritt. Sie können ihn auf der Sicherheitsseite Ihres Kontos vergessen.
    .subject = Ein Browser überspringt den zweiten Schritt
mail-notice-totp-replayed = Bei einer Anmeldung an Ihrem twofold-Konto wurde ein bereits verwendeter Code Ihrer Authenticator-App eingegeben und abgelehnt. Falls Sie nicht einfach denselben Code zweimal gesendet haben, hat jemand Ihren Code gesehen oder durch Phishing erlangt und kennt Ihr Passwort: Ändern Sie Ihr Passwort.
    .subject = Ein Code Ihrer Authenticator-App wurde zweimal verwendet
mail-notice-key-cloned = Bei einer Anmeldung an Ihrem twofold-Konto wurde einer Ihrer Sicherheitsschlüssel verwendet, aber sein Signaturzähler ist zurückgegangen: Möglicherweise gibt es eine Kopie des Schlüssels. Die Anmeldung wurde abgelehnt. Entfernen Sie diesen Schlüssel auf der Sicherheitsseite Ihres Kontos und registrieren Sie einen neuen.
    .subject = Einer Ihrer Sicherheitsschlüssel wurde möglicherweise kopiert
mail-notice-recovery-code-used = Bei Ihrem twofold-Konto hat sich jemand mit einem Wiederherstellungscode angemeldet. Jeder Code funktioniert nur einmal; { $left ->
        [one] { $left } Code ist
       *[other] { $left } Codes sind
    } noch übrig. Falls Sie Ihren zweiten Faktor verloren haben, richten Sie einen neuen ein und erstellen Sie neue Wiederherstellungscodes.
    .subject = Ein Wiederherstellungscode wurde zur Anmeldung verwendet
mail-notice-second-step-locked = Jemand, der Ihr Passwort kennt, hat { $failures } falsche Codes für den zweiten Faktor hintereinander eingegeben, daher ist der zweite Schritt der Anmeldung an Ihrem twofold-Konto vorerst gesperrt. Falls Sie das nicht waren, ändern Sie sofort Ihr Passwort: Jemand anderes kennt es.
    .subject = Ihr zweiter Schritt ist nach zu vielen falschen Codes gesperrt
mail-notice-push-reported = Sie haben eine Anmeldung an Ihrem twofold-Konto als nicht von Ihnen gemeldet, und sie wurde abgelehnt. Sie kam von { $from }, mit Ihrem Passwort: Jemand anderes kennt es. Ändern Sie jetzt Ihr Passwort. Freigabeanfragen an Ihre Geräte sind für eine Stunde pausiert.
    .subject = Eine Anmeldung, die nicht von Ihnen kam, wurde gestoppt
mail-notice-push-reported-unknown = Sie haben eine Anmeldung an Ihrem twofold-Konto als nicht von Ihnen gemeldet, und sie wurde abgelehnt. Sie kam von einer unbekannten Adresse, mit Ihrem Passwort: Jemand anderes kennt es. Ändern Sie jetzt Ihr Passwort. Freigabeanfragen an Ihre Geräte sind für eine Stunde pausiert.
    .subject = Eine Anmeldung, die nicht von Ihnen kam, wurde gestoppt
mail-notice-password-changed = Das Passwort Ihres twofold-Kontos wurde geändert. Ihre anderen Sitzungen wurden beendet und gespeicherte Geräte vergessen.
    .subject = Ihr Passwort wurde geändert
mail-notice-password-reset = Das Passwort Ihres twofold-Kontos wurde über einen an diese Adresse gesendeten Link zurückgesetzt. Alle Sitzungen wurden abgemeldet und gespeicherte Geräte vergessen; Ihre zweiten Faktoren sind unverändert.
    .subject = Ihr Passwort wurde zurückgesetzt
mail-notice-address-taken = Ein twofold-Konto wollte diese Adresse verwenden, aber ein anderes Konto hat sie bereits, daher hat sich nichts geändert. Falls dieses Konto Ihnen gehört, müssen Sie nichts tun.
    .subject = Jemand hat versucht, ein twofold-Konto auf diese Adresse umzuziehen
mail-notice-address-changing = Die Änderung der Adresse Ihres twofold-Kontos zu { $new } wurde angefordert; sie erfolgt, wenn der dorthin gesendete Link geöffnet wird. Falls Sie das nicht waren, setzen Sie sofort Ihr Passwort zurück ({ $url }/password-reset): Ein neues Passwort stoppt die Änderung und meldet alle ab.
    .subject = Ihre twofold-Adresse wird bald geändert
mail-notice-address-changed = Die Adresse Ihres twofold-Kontos ist jetzt { $new }; mit dieser Adresse können Sie sich nicht mehr anmelden. Falls Sie das nicht waren, setzen Sie Ihr Passwort über das Postfach der neuen Adresse zurück oder wenden Sie sich an die Administratoren Ihrer Organisation.
    .subject = Ihre twofold-Adresse wurde geändert
mail-notice-account-deleted = Ihr twofold-Konto und seine personenbezogenen Daten wurden gelöscht: Seine zweiten Faktoren, App-Passwörter, Sitzungen und Mitgliedschaften gibt es nicht mehr. Organisationen behalten ihr Audit-Protokoll, in dem Sie jetzt unter einem Pseudonym erscheinen.
    .subject = Ihr twofold-Konto wurde gelöscht
mail-notice-enforcement-stopped = { $who } verlangt von den Mitgliedern von { $org } keine Zwei-Faktor-Authentifizierung mehr.
    .subject = Die Zwei-Faktor-Pflicht in { $org } wurde aufgehoben
mail-notice-auto-enforced = Alle Mitglieder von { $org } haben die Zwei-Faktor-Authentifizierung eingerichtet, daher wurde sie wie in der Richtlinie der Organisation vorgesehen automatisch zur Pflicht. Mitglieder, die später beitreten, müssen sie ebenfalls einrichten.
    .subject = { $org } verlangt jetzt die Zwei-Faktor-Authentifizierung
mail-notice-deadline-changed = Ihre Frist, die Zwei-Faktor-Authentifizierung für die Organisation { $org } einzurichten, ist jetzt der { $deadline }.
    .subject = Ihre Frist für die Zwei-Faktor-Authentifizierung in { $org } wurde geändert
mail-notice-deadline-removed = Ihre Frist, die Zwei-Faktor-Authentifizierung für die Organisation { $org } einzurichten, wurde aufgehoben.
    .subject = Ihre Frist für die Zwei-Faktor-Authentifizierung in { $org } wurde geändert

## Text messages

sms-code = { $code } ist Ihr { $issuer }-Code. Er läuft in { $valid } ab. Geben Sie ihn nie weiter: { $issuer } wird Sie nie danach fragen.
sms-seconds = { $count ->
        [one] { $count } Sekunde
       *[other] { $count } Sekunden
    }
sms-minutes = { $count ->
        [one] { $count } Minute
       *[other] { $count } Minuten
    }
# The last paragraph of reminders and announcements: a guest may leave instead.
mail-guests-may-leave = Gäste von { $org }, die das lieber nicht einrichten möchten, können { $org } stattdessen verlassen, auf derselben Seite.

# Known networks (issue 21)
mail-notice-device-new-network = Ein in Ihrem twofold-Konto gemerkter Browser ({ $label }) hat sich mit Ihrem Passwort aus einem neuen Netz ({ $address }) angemeldet, aus dem er den zweiten Schritt nicht überspringen darf; der zweite Schritt wurde deshalb verlangt. Waren Sie das, unterwegs oder über eine andere Verbindung, ist nichts zu tun. Wenn nicht, kennt jemand Ihr Passwort und hat diesen Browser oder eine Kopie seines Cookies: Ändern Sie Ihr Passwort und vergessen Sie den Browser auf der Sicherheitsseite Ihres Kontos.
    .subject = Ihr Browser hat sich aus einem neuen Netz angemeldet
