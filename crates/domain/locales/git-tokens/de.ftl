### Vestibule: deutsche Texte des Einstellungsbereichs git-tokens (domain::i18n::sections!); nur seine Seite liest sie.

git-title = Git-Anbieter
git-lead = Persönliche Zugriffstoken Ihrer Git-Anbieter, damit die Plattform von { -brand } in Ihren Repositories handeln kann. Ein Token wird beim Eintreffen verschlüsselt und nie wieder angezeigt: nur seine letzten 4 Zeichen.
git-empty = Noch keine Token.
git-caption = Ihre Token der Git-Anbieter
git-col-name = Name
git-col-provider = Anbieter
git-col-token = Token
git-col-added = Hinzugefügt
git-col-expires = Läuft ab
git-col-fetched = Zuletzt von der Plattform verwendet
git-never-expires = Nie
git-never-fetched = Nie
git-delete = Löschen
git-delete-label = { $name } löschen
git-delete-confirm = { $name } löschen? Die Plattform kann es dann nicht mehr verwenden. Beim Anbieter bleibt das Token gültig: Widerrufen Sie es auch dort.
git-add-title = Token hinzufügen
git-field-provider = Anbieter
git-field-url = Adresse des Servers
git-url-hint = Leer für den öffentlichen Dienst; die Adresse Ihres eigenen Servers, z. B. https://git.example.com, für einen selbst betriebenen.
git-field-name = Name
git-name-hint = Wofür das Token ist, z. B. „Deployments“. Eindeutig unter Ihren Token.
git-field-token = Token
git-token-hint = Fügen Sie es so ein, wie der Anbieter es angezeigt hat. Es wird verschlüsselt gespeichert und nie wieder angezeigt.
git-field-expires = Läuft ab am (optional)
git-expires-hint = Der letzte Tag, an dem es funktioniert, falls der Anbieter einen genannt hat: Sie werden 7 Tage und 1 Tag vorher erinnert.
git-add-submit = Token hinzufügen
git-added = Token „{ $name }“ hinzugefügt.
git-provider-custom = Anderer Host
git-status-active = Aktiv
git-status-expires-soon = { $days ->
    [one] Läuft in 1 Tag ab
   *[other] Läuft in { $days } Tagen ab
}
git-status-expired = Abgelaufen
