### Vestibule: deutsche Texte der Support-Seite (domain::i18n::sections!); nur ihre Seite liest sie.

support-title = Support
support-intro = Konten, deren Inhaber dem Support-Team Zugang gewährt haben, die zuerst ablaufenden oben. Für ein Konto zu handeln braucht einen Grund (eine Ticketnummer); der Inhaber erhält eine E-Mail, und jede Seite, die Sie öffnen, steht in seinem Audit-Protokoll.
support-empty = Zurzeit hat kein Konto Support-Zugang gewährt.
support-caption = Konten mit Support-Zugang
support-col-account = Konto
support-col-note = Hinweis des Inhabers
support-col-until = Zugang bis
support-col-act = Für das Konto handeln
support-reason = Grund (Ticketnummer)
support-act = Als { $username } handeln
