### Vestibule: German texts of the preferences settings section (domain::i18n::sections!); only its page reads them.

prefs-title = Darstellung
prefs-browser-zone-start = Die Zeitzone Ihres Browsers ist{" "}
prefs-browser-zone-end = .
prefs-browser-zone-use = Übernehmen
prefs-preview = Vorschau:{" "}
prefs-date-format = Datumsformat
prefs-time-format = Zeitformat
prefs-time-zone = Zeitzone
prefs-time-zone-hint = Geben Sie eine Stadt oder einen Versatz wie +05:30 ein.
prefs-week-start = Die Woche beginnt am
prefs-theme = Farbschema
prefs-language = Sprache
prefs-save = Einstellungen speichern
prefs-saved = Einstellungen gespeichert.
prefs-app-heading = In { $product }
prefs-app-save = Produkteinstellungen speichern
