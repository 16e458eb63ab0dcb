language-title = Lingua
language-intro = La lingua delle pagine della console e delle email che twofold ti invia.
language-legend = Mostra twofold in
language-browser = La lingua del mio browser
language-save = Salva
language-saved = La tua lingua è stata salvata.
language-footer = Lingua: { $language }
