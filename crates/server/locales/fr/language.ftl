language-title = Langue
language-intro = La langue des pages de la console et des e-mails que twofold vous envoie.
language-legend = Afficher twofold en
language-browser = La langue de mon navigateur
language-save = Enregistrer
language-saved = Votre langue est enregistrée.
language-footer = Langue : { $language }
