# The confirmations a page shows after an action (a green line above the page).

flash-signed-out = Sie sind abgemeldet.
flash-email-link-sent = Ein Link ist an die neue Adresse unterwegs: Öffnen Sie ihn, während Sie hier angemeldet sind, um sie zu bestätigen.
flash-email-changed = Ihre Adresse wurde geändert: Melden Sie sich ab jetzt mit der neuen an.
flash-password-reset = Ihr Passwort wurde geändert. Melden Sie sich damit an (und mit Ihrem zweiten Faktor, falls Sie einen haben).
flash-account-created = Ihr Konto ist bereit. Melden Sie sich an, um fortzufahren.
flash-account-deleted = Ihr Konto wurde gelöscht. Vielen Dank, dass Sie twofold genutzt haben.
flash-verify-sent = Fast geschafft: Öffnen Sie den Link, den wir Ihnen per E-Mail gesendet haben, um Ihre Adresse zu bestätigen, und melden Sie sich dann hier an.
flash-email-verified-in = Ihre Adresse ist bestätigt, und Sie sind angemeldet.
flash-email-verified = Ihre Adresse ist bestätigt und Ihr Konto ist bereit. Melden Sie sich an, um fortzufahren.
flash-method-added = Die Zwei-Faktor-Authentifizierung ist aktiviert. Bewahren Sie Ihre Wiederherstellungscodes sicher auf.
flash-method-removed = Die Methode wurde entfernt.
flash-default-changed = Die Standardmethode wurde geändert.
flash-confirmed = Bestätigt. Sie können Ihre Änderung jetzt vornehmen.
flash-left = Sie haben die Organisation verlassen.
flash-mfa-off = Die Zwei-Faktor-Authentifizierung ist deaktiviert.
flash-app-password-revoked = Das App-Passwort wurde widerrufen.
flash-device-forgotten = Das Gerät wurde vergessen: Es wird wieder nach dem zweiten Schritt gefragt.
