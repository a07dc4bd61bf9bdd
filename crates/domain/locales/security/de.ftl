### Vestibule: German texts of the security settings section (domain::i18n::sections!); only its page reads them.

security-title = Sicherheit
security-password-heading = Passwort ändern
security-password-intro = Zuerst Ihr aktuelles Passwort, damit niemand an einem offenen Rechner es ändern kann.
security-field-current = Aktuelles Passwort
security-field-new = Neues Passwort
security-sign-out-others = Meine anderen Sitzungen abmelden
security-sign-out-others-hint = Alle anderen Browser, die mit Ihrem Konto angemeldet sind, müssen sich mit dem neuen Passwort neu anmelden.
security-password-submit = Passwort ändern
security-password-pending = Wird geändert…
security-password-changed = Ihr Passwort wurde geändert. Eine Nachricht ging an Ihre E-Mail-Adresse.
