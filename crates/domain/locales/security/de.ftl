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
security-field-password = Ihr Passwort
security-2fa-heading = Zwei-Faktor-Anmeldung
security-2fa-explain = Mit einer Authenticator-App auf Ihrem Telefon (etwa Aegis, 2FAS, Google Authenticator oder 1Password) kann sich niemand anmelden, der nur Ihr Passwort kennt.
security-2fa-off = Aus: Die Anmeldung fragt nur nach Ihrem Passwort.
security-2fa-on = Ein seit { $date }: Die Anmeldung fragt nach dem Passwort einen Code Ihrer Authenticator-App ab.
security-2fa-set-up = Authenticator-App einrichten
security-2fa-scan = Scannen Sie diesen QR-Code mit Ihrer Authenticator-App.
security-2fa-qr-label = QR-Code für Ihre Authenticator-App
security-2fa-key = Scannen klappt nicht? Geben Sie stattdessen diesen Schlüssel in die App ein:
security-2fa-field-code = Code, den die App zeigt
security-2fa-turn-on = Einschalten
security-2fa-turned-on = Die Zwei-Faktor-Anmeldung ist eingeschaltet.
security-2fa-off-heading = Zwei-Faktor-Anmeldung ausschalten
security-2fa-turn-off = Ausschalten
security-2fa-turned-off = Die Zwei-Faktor-Anmeldung ist ausgeschaltet.
security-2fa-off-short-password = Die Zwei-Faktor-Anmeldung ist ausgeschaltet. Ihr Passwort ist jetzt der einzige Nachweis und kürzer, als ein Passwort allein sein sollte: Wählen Sie oben ein längeres.
security-codes-heading = Wiederherstellungscodes
security-codes-left = { $count ->
        [one] Noch 1 Wiederherstellungscode.
       *[other] Noch { $count } Wiederherstellungscodes.
    }
security-codes-low = Nur noch wenige Wiederherstellungscodes: Erstellen Sie neue, bevor sie ausgehen.
security-codes-new-title = Ihre Wiederherstellungscodes
security-codes-save = Speichern Sie diese Codes jetzt: Sie werden nur dieses eine Mal gezeigt. Jeder lässt Sie einmal herein, falls Sie Ihr Telefon verlieren.
security-codes-copy = Kopieren
security-codes-copied = Kopiert.
security-codes-copy-blocked = Dieser Browser ließ die Seite nicht kopieren: Markieren und kopieren Sie die Codes selbst.
security-codes-download = Herunterladen
security-codes-done = Ich habe sie gespeichert
security-codes-regenerate = Neue Wiederherstellungscodes erstellen
security-codes-regenerate-hint = Zuerst Ihr Passwort. Die alten Codes gelten dann nicht mehr.
security-sessions-heading = Sitzungen
security-sessions-intro = Alle Browser, die bei Ihrem Konto angemeldet sind. Melden Sie ab, was Sie nicht kennen, und ändern Sie dann Ihr Passwort.
security-sessions-device = { $browser } unter { $os }
security-sessions-unknown = unbekannt
security-sessions-this-device = Dieses Gerät
security-sessions-facts = { $ip } · angemeldet { $signed_in } · zuletzt aktiv { $last_active }
security-sessions-sign-out = Abmelden
security-sessions-sign-out-label = { $device } abmelden
security-sessions-sign-out-others = Alle anderen Sitzungen abmelden
security-passkeys-heading = Passkeys
security-passkeys-intro = Ein Passkey meldet Sie mit der Bildschirmsperre Ihres Geräts, einem Fingerabdruck oder einem Sicherheitsschlüssel an statt mit einem Passwort und lässt sich nicht abfischen. Mit eingeschalteter Zwei-Faktor-Anmeldung kann ein Passkey auch Ihr zweiter Schritt sein.
security-passkeys-none = Noch keine Passkeys.
security-passkeys-count = { $count ->
        [one] 1 Passkey
       *[other] { $count } Passkeys
    }
security-passkeys-facts = hinzugefügt { $added } · zuletzt verwendet { $last_used }
security-passkeys-never = nie
security-passkeys-field-name = Name des neuen Passkeys
security-passkeys-name-hint = Damit Sie Ihre Passkeys auseinanderhalten, zum Beispiel das Gerät, auf dem er liegt.
security-passkeys-add = Passkey hinzufügen
security-passkeys-adding = Warte auf Ihren Passkey …
security-passkeys-added = Passkey „{ $name }“ hinzugefügt.
security-passkeys-removed = Passkey entfernt.
security-passkeys-rename = Umbenennen
security-passkeys-rename-label = Passkey { $name } umbenennen
security-passkeys-field-rename = Neuer Name
security-passkeys-save = Speichern
security-passkeys-cancel = Abbrechen
security-passkeys-remove = Entfernen
security-passkeys-remove-label = Passkey { $name } entfernen
security-passkeys-remove-confirm = Den Passkey „{ $name }“ entfernen? Er meldet Sie dann nicht mehr an.
security-password-hint = Mindestens { $min } Zeichen, oder { $min_2fa }, solange die Zwei-Faktor-Anmeldung eingeschaltet ist. Ein paar Wörter ohne Zusammenhang ergeben ein Passwort, das lang, leicht zu merken und schwer zu erraten ist.
security-support-heading = Support-Zugang
security-support-intro = Erlauben Sie dem Support-Team für begrenzte Zeit, sich in Ihrem Konto anzumelden, um Ihnen zu helfen. Es sieht Ihre Einstellungen wie Sie, aber nie Ihr Passwort, Ihre Zwei-Faktor-Anmeldung, Passkeys, Sitzungen oder Geheimnisse. Jede Seite, die es öffnet, steht in Ihrem Audit-Protokoll, und Sie können den Zugang jederzeit widerrufen.
security-support-length = Dauer
security-support-length-1h = 1 Stunde
security-support-length-24h = 24 Stunden
security-support-length-7d = 7 Tage
security-support-note = Hinweis für das Support-Team
security-support-note-hint = Optional: Wobei Sie Hilfe brauchen (höchstens 200 Zeichen).
security-support-grant = Zugang gewähren
security-support-running = Der Support-Zugang ist bis { $until } aktiv.
security-support-left = Verbleibende Zeit:
security-support-revoke = Zugang widerrufen
