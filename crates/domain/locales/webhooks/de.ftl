### Vestibule: German texts of the webhooks settings section (domain::i18n::sections!); only its page reads them.

## Ereignistypen (domain::webhooks::EVENT_TYPES)
event-build-succeeded = Ein Build einer Pipeline, der Sie folgen, war erfolgreich
event-build-failed = Ein Build einer Pipeline, der Sie folgen, ist fehlgeschlagen
event-api-key-created = Sie haben einen API-Schlüssel erstellt
event-api-key-rotated = Sie haben einen API-Schlüssel rotiert
event-api-key-deleted = Sie haben einen API-Schlüssel gelöscht
event-api-key-expiring = Einer Ihrer API-Schlüssel läuft in 7 Tagen ab
event-profile-updated = Ihr Profil wurde geändert
event-preferences-updated = Ihre Anzeigeeinstellungen wurden geändert
event-security-two-factor-changed = Die Zwei-Faktor-Anmeldung wurde ein- oder ausgeschaltet

## Die Seite (app/src/pages/settings/webhooks.rs)
webhooks-title = Webhooks
webhooks-lead = Webhooks senden einen HTTP-POST an Ihren Server, wenn etwas geschieht: ein Build endet, ein Schlüssel ändert sich, Ihr Profil ändert sich. Jede Zustellung ist signiert (Standard Webhooks), wird etwa drei Tage lang wiederholt, falls Ihr Server sie nicht annimmt, und 30 Tage im Protokoll aufbewahrt.
webhooks-empty = Noch keine Webhooks. Fügen Sie unten einen hinzu.
webhooks-events = Ereignisse
webhooks-status = Status
webhooks-status-on = Eingeschaltet
webhooks-status-off-owner = Aus (von Ihnen ausgeschaltet)
webhooks-status-off-gone = Aus: Ihr Server antwortete 410 Gone
webhooks-status-off-failing = Aus: Zustellungen schlugen drei Tage lang fehl
webhooks-created = Hinzugefügt
webhooks-last-delivery = Letzte Zustellung
webhooks-never = Noch keine
webhooks-previous-secret = Vorheriges Geheimnis
webhooks-previous-until = Signiert noch bis { $date }
webhooks-turn-off = Ausschalten
webhooks-turn-on = Einschalten
webhooks-rotate = Geheimnis rotieren
webhooks-show-log = Zustellungen
webhooks-delete = Löschen
webhooks-delete-confirm = Den Webhook an { $url } und sein Zustellprotokoll löschen? Noch nicht erfolgte Zustellungen entfallen.
webhooks-delete-yes = Webhook löschen
webhooks-cancel = Abbrechen
webhooks-test-label = Testereignis senden
webhooks-test-send = Test senden
webhooks-log-heading = Zustellungen der letzten 30 Tage
webhooks-log-refresh = Aktualisieren
webhooks-log-empty = Noch keine Zustellungen.
webhooks-col-event = Ereignis
webhooks-col-time = Zeit
webhooks-col-state = Stand
webhooks-col-answer = Antwort
webhooks-col-actions = Aktionen
webhooks-delivery-pending = In der Warteschlange
webhooks-delivery-succeeded = Zugestellt
webhooks-delivery-failed = Fehlgeschlagen
webhooks-delivery-retrying = Fehlgeschlagen, nächster Versuch { $date }
webhooks-answer-status = HTTP { $status } in { $ms } ms
webhooks-attempts = { $count ->
    [one] 1 Versuch
   *[other] { $count } Versuche
}
webhooks-redeliver = Erneut zustellen
webhooks-add-heading = Webhook hinzufügen
webhooks-field-url = Payload-URL
webhooks-url-hint = Wohin jedes Ereignis gesendet wird, beginnend mit https://.
webhooks-field-description = Beschreibung (optional)
webhooks-description-hint = Wofür der Webhook ist, damit Sie ihn später wiedererkennen.
webhooks-field-events = Zu sendende Ereignisse
webhooks-add = Webhook hinzufügen
webhooks-secret-heading = Signaturgeheimnis für { $url }
webhooks-secret-warning = Kopieren Sie es jetzt: Es wird nicht wieder angezeigt.
webhooks-secret-field = Geheimnis
webhooks-copy = Kopieren
webhooks-copied = Kopiert.
webhooks-copy-blocked = Der Browser erlaubte das Kopieren nicht: Das Geheimnis ist markiert, kopieren Sie es mit der Tastatur.
webhooks-secret-verify = Prüfen Sie damit den Header webhook-signature jeder Zustellung (jede Standard-Webhooks-Bibliothek kann das).
webhooks-secret-done = Ich habe es gespeichert
webhooks-field-asymmetric = Zusätzlich mit Ed25519 signieren (v1a)
webhooks-asymmetric-hint = Empfänger können Zustellungen dann mit einem öffentlichen Schlüssel prüfen, den diese Seite zeigt, ohne das Geheimnis zu kennen.
webhooks-public-key = Öffentlicher Schlüssel (v1a)
webhooks-redeliver-failed-label = Fehlgeschlagene Zustellungen
webhooks-redeliver-failed = Alle fehlgeschlagenen erneut zustellen
webhooks-range-1 = der letzten Stunde
webhooks-range-24 = der letzten 24 Stunden
webhooks-range-168 = der letzten 7 Tage
webhooks-range-720 = der letzten 30 Tage
webhooks-redelivered = { $count ->
    [one] 1 fehlgeschlagene Zustellung erneut gesendet.
   *[other] { $count } fehlgeschlagene Zustellungen erneut gesendet.
}
