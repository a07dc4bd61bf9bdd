### Vestibule: English texts of the preferences settings section (domain::i18n::sections!); only its page reads them.

prefs-title = Preferences
prefs-browser-zone-start = Your browser's time zone is{" "}
prefs-browser-zone-end = .
prefs-browser-zone-use = Use it
prefs-preview = Preview:{" "}
prefs-date-format = Date format
prefs-time-format = Time format
prefs-time-zone = Time zone
prefs-time-zone-hint = Type a city or an offset such as +05:30.
prefs-week-start = Week starts on
prefs-theme = Theme
prefs-language = Language
prefs-save = Save preferences
prefs-saved = Preferences saved.
prefs-app-heading = In { $product }
prefs-app-save = Save product preferences
