language-title = Language
language-intro = The language of the console’s pages and of the emails twofold sends you.
language-legend = Show twofold in
language-browser = The language of my browser
language-save = Save
language-saved = Your language is saved.
# The footer's link to the language page; $language is the current one's own name.
language-footer = Language: { $language }
