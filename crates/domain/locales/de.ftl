### Vestibule: deutscher Katalog. Gleiche Schlüssel und Variablen wie en.ftl (ein Test prüft das); Anrede „Sie“.

-brand = Vestibule

## Dokument und gemeinsame Wörter
app-brand = { -brand }
common-loading = Wird geladen …
common-cancel = Abbrechen
common-save = Speichern
common-edit = Bearbeiten

## Nicht gefunden
notfound-title = Nicht gefunden
notfound-heading = Seite nicht gefunden
notfound-link = Zu Ihren Einstellungen

## Anmelden
login-title = Anmelden
login-heading = Bei { -brand } anmelden
login-field-login = Benutzername oder E-Mail-Adresse
login-field-password = Passwort
login-submit = Anmelden
login-pending = Anmeldung läuft …
login-new-here = Neu hier?{" "}
login-signup-link = Konto erstellen
login-two-factor-title = Zwei-Faktor-Anmeldung
login-two-factor-heading = Code eingeben
login-two-factor-intro = Ihr Konto verlangt einen zweiten Nachweis: Öffnen Sie Ihre Authenticator-App und geben Sie den Code ein, den sie für { -brand } zeigt.
login-two-factor-code = Code
login-two-factor-hint = 6 Ziffern aus der App, oder einer Ihrer Wiederherstellungscodes, wenn Sie Ihr Telefon nicht haben.
login-two-factor-submit = Weiter
login-two-factor-restart = Mit dem Passwort neu beginnen
login-passkey = Mit einem Passkey anmelden
login-sso = Mit { $name } anmelden
sso-link-title = Konto verknüpfen
sso-link-intro = Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Geben Sie einmal sein Passwort ein, um sich ab jetzt mit { $name } anzumelden.
sso-link-submit = Verknüpfen und anmelden
login-two-factor-passkey = Stattdessen einen Passkey verwenden

## Registrieren
signup-title = Registrieren
signup-heading = Ihr { -brand }-Konto erstellen
signup-field-username = Benutzername
signup-hint-username = { $min } bis { $max } Kleinbuchstaben, Ziffern, '-', '_' oder '.'. Er lässt sich später nicht ändern.
signup-field-email = E-Mail-Adresse
signup-field-password = Passwort
signup-hint-password = Mindestens { $min } Zeichen. Ein Satz aus Wörtern ohne Zusammenhang ist leicht zu merken und schwer zu erraten.
signup-submit = Konto erstellen
signup-pending = Konto wird erstellt …
signup-have-account = Sie haben schon ein Konto?{" "}
signup-login-link = Anmelden
# Wenn der Betreiber die Registrierung geschlossen hat (VESTIBULE_SIGN_UP=closed)
signup-closed = Die Registrierung ist auf dieser Website geschlossen. Bitten Sie einen Administrator um ein Konto.

## E-Mail-Adresse über einen Link bestätigen: die eines neuen Kontos oder eine geänderte
verify-title = E-Mail-Adresse bestätigen
verify-heading = E-Mail-Adresse bestätigen
verify-done = Ihre E-Mail-Adresse ist jetzt { $email }.
verify-done-verified = Danke: { $email } ist bestätigt.
verify-done-notifications = Danke: Benachrichtigungen gehen jetzt an { $email }.
verify-back-notifications = Zurück zu Ihren Benachrichtigungen
verify-back = Zurück zu Ihrem Profil
verify-question = Bestätigen, dass diese Adresse Ihnen gehört, für Ihr { -brand }-Konto?
verify-submit = E-Mail-Adresse bestätigen

## Einstellungen
settings-signed-in-as = Angemeldet als{" "}
settings-log-out = Abmelden
settings-nav-label = Einstellungen
settings-heading = Einstellungen
settings-nav-profile = Profil
settings-nav-preferences = Darstellung
settings-nav-api-keys = API-Schlüssel
settings-nav-audit-log = Protokoll
settings-nav-notifications = Benachrichtigungen
settings-nav-security = Sicherheit
settings-nav-webhooks = Webhooks
settings-nav-git-tokens = Git-Anbieter
settings-nav-support = Support
support-banner = Der Support ({ $staff }) handelt für dieses Konto – Grund: { $reason }
support-banner-end = Beenden

## Profil

## Unbestätigte Adresse im Profil

## Profilbild

## Darstellung

## Auswahlen
date-format-us = USA (11/22/2026)
date-format-international = International (22/11/2026)
date-format-iso = ISO 8601 (2026-11-22)
time-format-12h = 12 Stunden (7:05 PM)
time-format-24h = 24 Stunden (19:05)
week-start-monday = Montag
week-start-sunday = Sonntag
theme-light = Hell
theme-dark = Dunkel
theme-system = Wie mein System
language-en = English
language-de = Deutsch

## Datum
weekday-monday = Montag
weekday-tuesday = Dienstag
weekday-wednesday = Mittwoch
weekday-thursday = Donnerstag
weekday-friday = Freitag
weekday-saturday = Samstag
weekday-sunday = Sonntag
datetime-preview = Heute um { $time }, { $weekday } { $date }, { $zone }

## API-Schlüssel

## Status und Übergangsfristen

## Dialoge

## Berechtigungen und Ablauf

## Eingebaute Berechtigungen

## Prüfmeldungen
error-required = Dieses Feld ist erforderlich.
error-too-short = Verwenden Sie mindestens { $min } Zeichen.
error-too-long = Verwenden Sie höchstens { $max } Zeichen.
error-username-char = Verwenden Sie nur Kleinbuchstaben, Ziffern, '-', '_' und '.' (gefunden: '{ $found }').
error-username-edge = Beginnen und enden Sie mit einem Buchstaben oder einer Ziffer.
error-email-format = Geben Sie eine E-Mail-Adresse wie name@example.com ein.
error-password-weak = Dieses Passwort ist zu leicht zu erraten: { $warning }
error-password-weak-generic = Dieses Passwort ist zu leicht zu erraten. Versuchen Sie einen längeren Satz aus Wörtern ohne Zusammenhang.
error-password-like-account = Das Passwort darf weder Ihren Benutzernamen noch Ihre E-Mail-Adresse enthalten.
error-password-wrong = Das ist nicht Ihr aktuelles Passwort.
error-control-character = Entfernen Sie die Steuerzeichen (etwa Tabulatoren oder Zeilenumbrüche).
error-image-too-large = Das Bild darf höchstens { $max_mib } MiB groß sein.
error-image-format = Laden Sie ein PNG-, JPEG- oder WebP-Bild hoch.
error-image-dimensions = Das Bild ist zu groß: höchstens { $max }×{ $max } Pixel.
error-one-of = Wählen Sie eines von: { $allowed }.
error-unknown-time-zone = '{ $name }' ist keine bekannte Zeitzone. Verwenden Sie einen IANA-Namen wie Europe/Berlin.
error-date-format = Geben Sie ein Datum wie 2027-01-31 ein.
error-expiry-past = Wählen Sie ein Datum nach heute.
error-expiry-too-late = Schlüssel gelten höchstens { $max_days } Tage. Wählen Sie einen früheren Ablauf.
error-expiry-outlives-key = Ein mit einem API-Schlüssel erstellter Schlüssel kann nicht länger gelten als dieser, und der verwendete Schlüssel läuft am { $until } ab. Wählen Sie einen früheren Ablauf.
error-no-scope = Wählen Sie mindestens eine Berechtigung.
error-unknown-scope = '{ $name }' ist keine Berechtigung dieser Installation.
error-scope-not-allowed = Nur Administratoren dürfen einem Schlüssel die Berechtigung '{ $name }' geben.
error-email-taken = Es gibt schon ein Konto mit dieser E-Mail-Adresse.
error-email-unchanged = Das ist bereits Ihre E-Mail-Adresse.
error-username-taken = Dieser Benutzername ist vergeben.
error-link-invalid = Dieser Link ist ungültig, schon verwendet oder abgelaufen. Fordern Sie einen neuen an.
error-key-name-taken = Sie haben schon einen Schlüssel namens '{ $name }'.
error-key-rotated-out = Dieser Schlüssel wurde ersetzt; bearbeiten Sie stattdessen seinen Nachfolger.
error-key-already-rotated = Dieser Schlüssel wurde schon erneuert; erneuern Sie stattdessen seinen Nachfolger.
error-too-many = Geben Sie höchstens { $max } an.
error-identifier = Verwenden Sie nur Buchstaben, Ziffern und . _ : - / # @ (höchstens 128).
error-url-format = Geben Sie eine Webadresse ein, die mit https:// oder http:// beginnt, etwa https://ci.example.com/builds/42.
error-event-time = Geben Sie die Zeit nach RFC 3339 an (etwa 2026-11-30T09:00:00Z), aus den letzten 35 Tagen und nicht in der Zukunft.
error-code-format = Geben Sie den 6-stelligen Code Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.
error-totp-format = Geben Sie die 6 Ziffern ein, die Ihre Authenticator-App zeigt.
error-code-wrong = Dieser Code stimmt nicht oder wurde schon verwendet. Die Codes wechseln alle 30 Sekunden.
error-second-step-expired = Ihre Anmeldung hat zu lange gedauert. Melden Sie sich erneut mit Ihrem Passwort an.
error-two-factor-on = Die Zwei-Faktor-Anmeldung ist bereits eingeschaltet.
error-two-factor-off = Die Zwei-Faktor-Anmeldung ist ausgeschaltet.
error-passkey-failed = Die Antwort des Passkeys ließ sich nicht prüfen. Versuchen Sie es noch einmal oder melden Sie sich anders an.
error-passkey-unknown = Dieser Passkey ist hier nicht registriert (vielleicht wurde er entfernt). Melden Sie sich anders an.
error-passkey-taken = Dieser Passkey ist schon registriert.
error-passkey-cancelled = Die Passkey-Abfrage wurde geschlossen oder lief ab. Es wurde nichts geändert.
error-passkey-unsupported = Dieser Browser kann keine Passkeys verwenden. Melden Sie sich anders an oder nehmen Sie einen anderen Browser.
error-passkey-host-name = Passkeys brauchen einen Hostnamen, keine IP-Adresse: Öffnen Sie die Seite unter http://localhost mit ihrem Port, oder bitten Sie den Betreiber, VESTIBULE_PUBLIC_URL zu setzen.
error-unknown-event = Es gibt keinen Ereignistyp '{ $name }'.
error-no-event = Wählen Sie mindestens ein Ereignis.
error-webhook-https = Verwenden Sie eine https://-Adresse: Zustellungen enthalten Ihre Daten.
error-webhook-address = Diese Adresse führt in ein privates, lokales oder reserviertes Netz, das Webhooks nicht erreichen dürfen.
error-webhook-unresolvable = Dieser Hostname wurde nicht gefunden. Prüfen Sie die Adresse.
error-not-for-support = Der Support kann dies weder sehen noch ändern: Das kann nur der Inhaber des Kontos.
error-not-support-staff = Nur Support-Mitarbeitende können dies tun.
error-support-needs-two-factor = Melden Sie sich mit Zwei-Faktor-Authentifizierung an, um für Konten zu handeln.
error-no-support-grant = Dieses Konto hat keinen Support-Zugang gewährt, oder der Zugang ist abgelaufen.
error-sso-failed = Die Anmeldung über den Single-Sign-on-Anbieter hat nicht geklappt. Bitte versuchen Sie es erneut.
error-sso-managed = Dieses Konto meldet sich per Single Sign-on an: Passwort, Zwei-Faktor-Anmeldung und Passkeys verwaltet der Anbieter.
error-sso-link-two-factor = Dieses Konto nutzt die Zwei-Faktor-Anmeldung, die eine Verknüpfung nicht prüfen kann. Melden Sie sich stattdessen mit Passwort und Code an.
error-webhook-disabled = Dieser Webhook ist ausgeschaltet: Schalten Sie ihn zuerst ein.
error-webhook-too-large = Diese Zustellung ist größer als { $max } Bytes, das Höchstmaß eines Webhooks: Sie kann nicht gesendet werden.
error-ip-range = „{ $entry }“ ist keine IP-Adresse und kein Bereich: Schreiben Sie z. B. 203.0.113.7, 203.0.113.0/24 oder 2001:db8::/32.
error-ip-not-allowed = Dieser API-Schlüssel kann von dieser IP-Adresse aus nicht verwendet werden: Sie steht nicht auf seiner Freigabeliste.
error-allowlist-wider = Dieser Schlüssel funktioniert nur von { $ranges } aus: Die Schlüssel, die er erstellt oder ändert, müssen auf Adressen darin beschränkt sein.
error-number-range = Geben Sie eine ganze Zahl von { $min } bis { $max } ein.
error-unknown-preference = Es gibt keine Einstellung „{ $name }“.
error-git-token-format = Ein Token enthält keine Leerzeichen oder Zeilenumbrüche: Fügen Sie es genau so ein, wie der Anbieter es angezeigt hat.
error-git-token-name-taken = Sie haben bereits ein Token namens „{ $name }“.
error-webhook-limit = { $max ->
    [one] Sie können einen Webhook haben: Löschen Sie ihn zuerst.
   *[other] Sie können höchstens { $max } Webhooks haben: Löschen Sie zuerst einen.
}
error-reauth-required = Bestätigen Sie zuerst, dass Sie es sind: Geben Sie Ihr Passwort erneut ein.
reauth-title = Bestätigen Sie, dass Sie es sind
reauth-intro = Diese Änderung braucht noch einmal Ihr Passwort: Sie haben es eine Weile nicht eingegeben.
reauth-field = Passwort oder Authenticator-Code
reauth-hint = Mit eingeschalteter Zwei-Faktor-Anmeldung genügt auch ein Code aus Ihrer App.
reauth-submit = Bestätigen
reauth-passkey = Stattdessen einen Passkey verwenden

## Passwort-Hinweise
password-warning-straight-rows = Gerade Tastenreihen sind leicht zu erraten.
password-warning-keyboard-patterns = Kurze Tastaturmuster sind leicht zu erraten.
password-warning-repeats-aaa = Wiederholungen wie „aaa“ sind leicht zu erraten.
password-warning-repeats-abcabc = Wiederholungen wie „abcabcabc“ sind kaum schwerer zu erraten als „abc“.
password-warning-top10 = Dies ist eines der 10 häufigsten Passwörter.
password-warning-top100 = Dies ist eines der 100 häufigsten Passwörter.
password-warning-common = Dies ist ein sehr häufiges Passwort.
password-warning-similar-to-common = Dies ähnelt einem häufig verwendeten Passwort.
password-warning-sequences = Folgen wie abc oder 6543 sind leicht zu erraten.
password-warning-recent-years = Jahreszahlen der letzten Jahre sind leicht zu erraten.
password-warning-word-by-itself = Ein einzelnes Wort ist leicht zu erraten.
password-warning-dates = Daten sind oft leicht zu erraten.
password-warning-names-by-themselves = Vor- und Nachnamen allein sind leicht zu erraten.
password-warning-common-names = Häufige Vor- und Nachnamen sind leicht zu erraten.

## Anfragefehler
error-bad-credentials = Benutzername, E-Mail-Adresse oder Passwort ist falsch.
error-throttled = { $seconds ->
    [one] Zu viele Versuche. Versuchen Sie es in 1 Sekunde erneut.
   *[other] Zu viele Versuche. Versuchen Sie es in { $seconds } Sekunden erneut.
}
error-locked = Dieses Konto ist nach zu vielen fehlgeschlagenen Anmeldungen gesperrt. Bitten Sie einen Administrator, es zu entsperren.
# Registrierung (VESTIBULE_SIGN_UP=closed)
error-sign-up-closed = Die Registrierung ist auf dieser Website geschlossen. Bitten Sie einen Administrator um ein Konto.
error-unauthenticated = Bitte melden Sie sich an.
error-cross-site = Diese Anfrage kam von einer anderen Website und wurde abgelehnt.
error-not-found = Nicht gefunden.
error-insufficient-scope = Diesem API-Schlüssel fehlt die Berechtigung '{ $scope }'.
error-key-limit = { $max ->
    [one] Sie können nur einen API-Schlüssel zugleich haben: löschen Sie zuerst den vorhandenen.
   *[other] Sie können höchstens { $max } API-Schlüssel haben: löschen Sie zuerst einen.
}
error-internal = Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es erneut.
error-transport = Der Server war nicht erreichbar: { $detail }

## REST-API-Anfragetexte
error-body-not-object = Der Anfragetext muss ein JSON-Objekt sein.
error-body-shape = Der Anfragetext passt nicht zu dieser Operation: { $detail }

## Abgelehnte API-Schlüssel
error-key-malformed = Dies ist kein { -brand }-API-Schlüssel (prüfen Sie auf Tippfehler oder ein abgeschnittenes Einfügen).
error-key-unknown = Diesen API-Schlüssel gibt es nicht.
error-key-expired = Dieser API-Schlüssel ist abgelaufen.
error-key-revoked = Dieser API-Schlüssel wurde widerrufen.

## Einstellungen → Benachrichtigungen

## Abbestellen über den Link einer Mail
unsubscribe-title = Abbestellen
unsubscribe-question = Diese Art von Mail abbestellen? Sie können sie in Ihren Benachrichtigungen wieder einschalten.
unsubscribe-submit = Abbestellen
unsubscribe-done = Abbestellt: { $kind }.
unsubscribe-settings = Alle Benachrichtigungen

