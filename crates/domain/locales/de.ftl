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
settings-nav-notifications = Benachrichtigungen
settings-nav-security = Sicherheit

## Profil
profile-title = Profil
profile-username = Benutzername
profile-username-fixed = Benutzernamen lassen sich nicht ändern.
profile-full-name = Vollständiger Name
profile-email = E-Mail-Adresse
profile-member-since = Mitglied seit
profile-name-not-set = Nicht angegeben
profile-name-saved = Name gespeichert.
profile-email-change = Ändern
profile-email-new = Neue E-Mail-Adresse
profile-email-send = Bestätigungslink senden
profile-email-sent = Wir haben einen Bestätigungslink an { $email } gesendet. Die Änderung gilt, sobald Sie ihn öffnen.
profile-email-resent = Ein neuer Bestätigungslink ist unterwegs.
profile-email-pending = Ausstehend:{" "}
profile-email-resend = Link erneut senden
profile-email-cancel = Änderung verwerfen

## Unbestätigte Adresse im Profil
profile-email-unverified = unbestätigt
profile-email-verification-resend = Bestätigungs-E-Mail erneut senden
profile-email-verification-sent = Wir haben eine neue Bestätigungs-E-Mail gesendet. Öffnen Sie den Link darin, um Ihre Adresse zu bestätigen.

## Profilbild
avatar-alt = Ihr Profilbild
avatar-initials-label = Ihre Initialen
avatar-upload = Bild hochladen
avatar-remove = Profilbild entfernen
avatar-hint = PNG, JPEG oder WebP, höchstens { $max_mib } MiB. Es wird quadratisch zugeschnitten.
avatar-progress-label = Fortschritt des Hochladens
avatar-upload-failed = Das Hochladen ist fehlgeschlagen (HTTP { $status }).
avatar-upload-not-started = Das Hochladen konnte nicht beginnen.

## Darstellung
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
keys-title = API-Schlüssel
keys-lead-start = Mit Schlüsseln handeln Skripte und die Werkzeuge Ihrer Plattform über die{" "}
keys-lead-link = { -brand }-API
keys-lead-end = {" "}in Ihrem Namen, nur mit den Berechtigungen, die Sie wählen, und nie länger als bis zu ihrem Ablauf.
keys-generate = Neuen Schlüssel erzeugen
keys-empty-heading = Noch keine API-Schlüssel
keys-empty-text = Erzeugen Sie für jedes Skript und Werkzeug einen eigenen Schlüssel, geben Sie ihm nur die nötigen Berechtigungen und lassen Sie ihn ablaufen.
keys-empty-see-start = Was ein Schlüssel erreichen kann, steht in der{" "}
keys-empty-see-link = API-Beschreibung
keys-empty-see-end = .
keys-table-caption = Ihre API-Schlüssel
keys-col-name = Name
keys-col-key = Schlüssel
keys-col-scopes = Berechtigungen
keys-col-created = Erstellt
keys-col-expires = Läuft ab
keys-col-last-used = Zuletzt verwendet
keys-col-status = Status
keys-col-actions = Aktionen
keys-rotated-until = Ersetzt, gilt noch bis { $date }
keys-last-used-from = { $date } von { $ip }
keys-never-used = Nie
keys-edit = Bearbeiten
keys-rotate = Erneuern
keys-delete = Löschen
keys-edit-label = { $name } bearbeiten
keys-rotate-label = { $name } erneuern
keys-delete-label = { $name } löschen

## Status und Übergangsfristen
key-status-active = Aktiv
key-status-expires-soon = { $days ->
    [one] Läuft in 1 Tag ab
   *[other] Läuft in { $days } Tagen ab
}
key-status-expired = Abgelaufen
key-status-rotated-out = Ersetzt
grace-none = Keine: der alte Schlüssel endet sofort
grace-1h = 1 Stunde
grace-24h = 24 Stunden
grace-7d = 7 Tage

## Dialoge
key-generate-title = Neuen API-Schlüssel erzeugen
key-field-name = Name
key-name-hint = Wofür der Schlüssel dient, z. B. „CI-Deployments“. Eindeutig unter Ihren Schlüsseln.
key-generate-submit = Schlüssel erzeugen
key-reveal-title = Ihr neuer Schlüssel: { $name }
key-reveal-warning = Kopieren Sie ihn jetzt: Sie sehen ihn nie wieder.
key-reveal-explain = { -brand } speichert nur einen Fingerabdruck davon. Wenn Sie ihn verlieren, erneuern oder löschen Sie den Schlüssel.
key-reveal-field = API-Schlüssel
key-reveal-copy = Kopieren
key-reveal-copied = In die Zwischenablage kopiert.
key-reveal-copy-blocked = Ihr Browser hat das Kopieren blockiert: der Schlüssel ist markiert, drücken Sie Strg+C (⌘C).
key-reveal-done = Ich habe den Schlüssel gespeichert
key-edit-title = { $name } bearbeiten
key-edit-expiry-fixed = Der Ablauf lässt sich nicht verlängern; erneuern Sie den Schlüssel für einen neuen.
key-rotate-title = { $name } erneuern
key-rotate-intro-start = Ein neues Geheimnis ersetzt{" "}
key-rotate-intro-end = , mit gleichem Namen und gleichen Berechtigungen. Lassen Sie dem alten Zeit, überall ersetzt zu werden.
key-rotate-grace = Der alte Schlüssel funktioniert noch
key-rotate-submit = Schlüssel erneuern
key-delete-title = { $name } löschen?
key-delete-intro-start = Alles, was{" "}
key-delete-intro-end = {" "}verwendet, funktioniert ab der nächsten Anfrage nicht mehr. Das lässt sich nicht rückgängig machen.
key-delete-submit = Schlüssel löschen

## Berechtigungen und Ablauf
key-scopes-legend = Berechtigungen
key-scopes-hint = Ein Schlüssel darf nur, was seine Berechtigungen erlauben; Schreiben schließt Lesen ein.
key-expiry-label = Ablauf
key-expiry-days = { $days ->
    [one] 1 Tag
   *[other] { $days } Tage
}
key-expiry-custom = Eigenes Datum …
key-expiry-last-day = Letzter Tag
key-expiry-result = Der Schlüssel läuft am { $date } ab.

## Eingebaute Berechtigungen
scope-group-profile = Profil
scope-group-preferences = Darstellung
scope-group-notifications = Benachrichtigungen
scope-group-api-keys = API-Schlüssel
scope-group-webhooks = Webhooks
scope-group-audit = Sicherheitsprotokoll
scope-group-platform = Plattform
scope-profile-read = Benutzernamen, Namen, E-Mail-Adresse und Profilbild lesen.
scope-profile-write = Namen und E-Mail-Adresse ändern.
scope-preferences-read = Darstellungseinstellungen lesen.
scope-preferences-write = Darstellungseinstellungen ändern.
scope-notifications-read = Benachrichtigungseinstellungen lesen.
scope-notifications-write = Benachrichtigungseinstellungen ändern.
scope-api-keys-read = Ihre API-Schlüssel auflisten.
scope-api-keys-write = API-Schlüssel erstellen, bearbeiten, erneuern und löschen (nie mit Berechtigungen, die diesem Schlüssel fehlen).
scope-webhooks-read = Ihre Webhooks und deren Zustellungen auflisten.
scope-webhooks-write = Webhooks erstellen, ändern und löschen.
scope-audit-read = Das Sicherheitsprotokoll Ihres Kontos lesen.
scope-audit-write = Einträge zum Sicherheitsprotokoll Ihres Kontos hinzufügen.
scope-keys-verify = { -brand } fragen, ob ein anderer Schlüssel gültig ist und was er darf (nur für Administratoren).
scope-events-write = Build-Ereignisse der Plattform senden, die { -brand } den Personen mailt, die sie bestellt haben (nur für Administratoren).

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
notify-title = Benachrichtigungen
notify-address-heading = Wohin Benachrichtigungen gehen
notify-address-label = Adresse für Benachrichtigungen
notify-address-hint = Die Adresse Ihres Kontos, wenn Sie keine andere wählen. Eine andere Adresse gilt, sobald Sie den Link öffnen, den wir an sie senden.
notify-address-current = Benachrichtigungen gehen an { $email }.
notify-address-save = Diese Adresse verwenden
notify-address-sent = Wir haben einen Link an { $email } gesendet. Benachrichtigungen gehen dorthin, sobald Sie ihn öffnen.
notify-address-pending = Wartet auf Bestätigung:{" "}
notify-address-reset = Wieder die Adresse meines Kontos verwenden
notify-address-unverified = Die Adresse Ihres Kontos ist noch nicht bestätigt, daher werden keine Benachrichtigungen gesendet. Bestätigen Sie sie in Ihrem Profil, oder wählen Sie hier eine andere Adresse.
notify-builds-heading = Builds
notify-build-success = Wenn ein Build gelingt
notify-build-failure = Wenn ein Build fehlschlägt
notify-committer-only = Nur Builds, bei denen ich der Git-Committer bin
notify-committer-only-hint = Verglichen mit Ihren bestätigten Adressen.
notify-include-manual = Auch von Hand gestartete Builds
notify-only-changes = Nur wenn sich das Ergebnis ändert
notify-only-changes-hint = Eine Mail beim ersten Fehlschlag einer Pipeline und beim ersten Erfolg danach, nicht bei jeder Wiederholung.
notify-other-heading = Weitere Mails
notify-weekly-summary = Wochenübersicht meiner Builds
notify-weekly-summary-hint = Am ersten Tag Ihrer Woche um 09:00 Uhr in Ihrer Zeitzone (siehe Darstellung).
notify-key-expiry = Erinnerungen, bevor meine API-Schlüssel ablaufen
notify-key-expiry-hint = 7 Tage und 1 Tag vor dem Ablauf und am Tag selbst, mit einem Link zum Erneuern.
notify-security = Sicherheits-Mails
notify-security-hint = Immer an. Sie melden Änderungen an Ihrer Adresse, Ihrem Passwort, der Zwei-Faktor-Anmeldung und Ihren Schlüsseln, von denen Sie gerade dann erfahren müssen, wenn jemand anderes sie vorgenommen hat.
notify-save = Benachrichtigungen speichern
notify-saved = Benachrichtigungen gespeichert.
notify-kind-build-success = Mails zu erfolgreichen Builds
notify-kind-build-failure = Mails zu fehlgeschlagenen Builds
notify-kind-weekly-summary = die Wochenübersicht
notify-kind-key-expiry = Erinnerungen an ablaufende Schlüssel

## Abbestellen über den Link einer Mail
unsubscribe-title = Abbestellen
unsubscribe-question = Diese Art von Mail abbestellen? Sie können sie in Ihren Benachrichtigungen wieder einschalten.
unsubscribe-submit = Abbestellen
unsubscribe-done = Abbestellt: { $kind }.
unsubscribe-settings = Alle Benachrichtigungen

## Einstellungen → Sicherheit (pages/settings/security.rs)
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
