language-title = Sprache
language-intro = Die Sprache der Seiten der Konsole und der E-Mails, die twofold Ihnen sendet.
language-legend = twofold anzeigen auf
language-browser = Die Sprache meines Browsers
language-save = Speichern
language-saved = Ihre Sprache ist gespeichert.
language-footer = Sprache: { $language }
