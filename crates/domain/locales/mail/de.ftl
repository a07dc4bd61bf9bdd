# Mail-Texte (crates/service): nur der Server sendet Mails, das WASM des Browsers trägt sie nicht.
# Ein Bundle mit ../de.ftl: dessen Terme ({ -brand }) gelten auch hier.

mail-welcome-subject = Bestätigen Sie Ihre E-Mail-Adresse für { -brand }
mail-welcome-body =
    Hallo { $name },

    willkommen bei { -brand }! Öffnen Sie innerhalb von 24 Stunden diesen Link, um zu bestätigen, dass diese Adresse zu Ihrem Konto „{ $username }“ gehört:

    { $link }

    Wenn Sie dieses Konto nicht angelegt haben, ignorieren Sie diese E-Mail.
mail-verify-subject = Bestätigen Sie Ihre neue E-Mail-Adresse für { -brand }
mail-verify-body =
    Hallo { $name },

    jemand, hoffentlich Sie, möchte diese Adresse für das { -brand }-Konto „{ $username }“ verwenden. Öffnen Sie zur Bestätigung innerhalb von 24 Stunden diesen Link:

    { $link }

    Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: es ändert sich nichts.
mail-changed-subject = Ihre E-Mail-Adresse bei { -brand } wurde geändert
mail-changed-body =
    Hallo { $name },

    die E-Mail-Adresse Ihres { -brand }-Kontos „{ $username }“ wurde am { $when } in { $email } geändert.

    Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Administrator.
mail-test-subject = Eine Test-E-Mail von { -brand }
mail-test-body =
    Diese E-Mail wurde mit „vestibule mail test“ verschickt, um den E-Mail-Versand von { -brand } zu prüfen.

    Wenn sie Sie erreicht hat, ist nichts weiter zu tun.
mail-notify-address-subject = Bestätigen Sie Ihre Adresse für Benachrichtigungen von { -brand }
mail-notify-address-body =
    Hallo { $name },

    jemand, hoffentlich Sie, möchte die Benachrichtigungen des { -brand }-Kontos „{ $username }“ an diese Adresse senden lassen. Öffnen Sie zur Bestätigung innerhalb von 24 Stunden diesen Link:

    { $link }

    Wenn Sie das nicht waren, ignorieren Sie diese Mail: Hierher wird nichts gesendet.
mail-build-succeeded-subject = [{ $pipeline }] Build { $build } erfolgreich
mail-build-failed-subject = [{ $pipeline }] Build { $build } fehlgeschlagen
mail-build-succeeded-body = Build { $build } von { $pipeline } ist am { $when } gelungen.
mail-build-failed-body = Build { $build } von { $pipeline } ist am { $when } fehlgeschlagen.
mail-build-trigger-git = Gestartet durch einen Git-Push.
mail-build-trigger-cron = Gestartet durch einen Zeitplan.
mail-build-trigger-manual = Von Hand gestartet.
mail-build-committer = Committer: { $email }
mail-greeting = Hallo { $name },
mail-footer-unsubscribe = Um { $kind } abzubestellen, öffnen Sie { $link }
mail-footer-settings = Alle Benachrichtigungen: { $link }
mail-summary-subject = Ihre Build-Woche: { $succeeded } erfolgreich, { $failed } fehlgeschlagen
mail-summary-intro = Ihre Builds vom { $from } bis zum { $to }:
mail-summary-pipeline = { $pipeline }: { $succeeded } erfolgreich, { $failed } fehlgeschlagen
mail-summary-busiest = Meiste Builds: { $weekday }, { $date }, mit { $count ->
        [one] einem Build
       *[other] { $count } Builds
    }.
mail-summary-none = Diese Woche gab es keine Builds für Sie.
mail-expiry-subject = { $days ->
        [0] Ihr API-Schlüssel „{ $name }“ läuft heute ab
        [one] Ihr API-Schlüssel „{ $name }“ läuft morgen ab
       *[other] Ihr API-Schlüssel „{ $name }“ läuft in { $days } Tagen ab
    }
mail-expiry-body = Ihr { -brand }-API-Schlüssel „{ $name }“ ({ $hint }) läuft am { $when } ab. Anfragen damit werden dann abgelehnt. Einen neuen Schlüssel mit demselben Namen und denselben Berechtigungen erhalten Sie durch Erneuern:
mail-git-expiry-subject = { $days ->
        [0] Ihr Token „{ $name }“ eines Git-Anbieters läuft heute ab
        [one] Ihr Token „{ $name }“ eines Git-Anbieters läuft morgen ab
       *[other] Ihr Token „{ $name }“ eines Git-Anbieters läuft in { $days } Tagen ab
    }
mail-git-expiry-body = Ihr Token „{ $name }“ eines Git-Anbieters (endet auf { $last4 }) läuft am { $when } ab. Die Plattform kann dann damit nicht mehr in Ihren Repositories handeln. Erstellen Sie bei Ihrem Anbieter ein neues Token und fügen Sie es hier hinzu:
mail-password-changed-subject = Ihr Passwort bei { -brand } wurde geändert
mail-password-changed-body =
    Hallo { $name },

    das Passwort Ihres { -brand }-Kontos „{ $username }“ wurde am { $when } von { $ip } aus geändert.

    Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Administrator.
mail-two-factor-on-subject = Die Zwei-Faktor-Anmeldung ist für Ihr { -brand }-Konto eingeschaltet
mail-two-factor-on-body =
    Hallo { $name },

    für Ihr { -brand }-Konto „{ $username }“ wurde am { $when } von { $ip } aus die Zwei-Faktor-Anmeldung eingeschaltet. Ab jetzt fragt die Anmeldung nach dem Passwort einen Code Ihrer Authenticator-App ab.

    Bewahren Sie Ihre Wiederherstellungscodes sicher auf: Jeder lässt Sie einmal herein, falls Sie Ihr Telefon verlieren.

    Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Administrator.
mail-two-factor-off-subject = Die Zwei-Faktor-Anmeldung wurde für Ihr { -brand }-Konto ausgeschaltet
mail-two-factor-off-body =
    Hallo { $name },

    für Ihr { -brand }-Konto „{ $username }“ wurde am { $when } von { $ip } aus die Zwei-Faktor-Anmeldung ausgeschaltet. Die Anmeldung fragt jetzt nur noch nach Ihrem Passwort.

    Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Administrator.
mail-recovery-used-subject = Mit einem Wiederherstellungscode wurde sich bei Ihrem { -brand }-Konto angemeldet
mail-recovery-used-body =
    Hallo { $name },

    bei Ihrem { -brand }-Konto „{ $username }“ wurde sich am { $when } von { $ip } aus mit einem Wiederherstellungscode angemeldet. { $left ->
        [0] Sie haben keine Wiederherstellungscodes mehr: Erstellen Sie jetzt auf der Sicherheitsseite neue.
        [one] Sie haben noch 1 Wiederherstellungscode.
       *[other] Sie haben noch { $left } Wiederherstellungscodes.
    }

    Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Administrator.
mail-recovery-codes-new-subject = Neue Wiederherstellungscodes für Ihr { -brand }-Konto
mail-recovery-codes-new-body =
    Hallo { $name },

    für Ihr { -brand }-Konto „{ $username }“ wurden am { $when } von { $ip } aus neue Wiederherstellungscodes erstellt. Die alten gelten nicht mehr.

    Wenn Sie das nicht waren, wenden Sie sich sofort an Ihren Administrator.
mail-codes-failing-subject = Jemand probiert Codes, um sich bei Ihrem { -brand }-Konto anzumelden
mail-codes-failing-body =
    Hallo { $name },

    jemand hat das Passwort Ihres { -brand }-Kontos „{ $username }“ richtig eingegeben, danach aber mehrere falsche Codes für die Zwei-Faktor-Anmeldung, zuletzt am { $when } von { $ip } aus. Weitere Versuche werden verlangsamt.

    Wenn Sie das nicht waren, kennt jemand anderes Ihr Passwort: Ändern Sie es jetzt.
mail-new-sign-in-subject = Neue Anmeldung bei Ihrem { -brand }-Konto
mail-new-sign-in-body =
    Hallo { $name },

    bei Ihrem { -brand }-Konto „{ $username }“ wurde sich mit { $browser } unter { $os } angemeldet, einem Browser, der dafür noch nicht verwendet wurde, am { $when } von { $ip } aus.

    Wenn Sie das waren, ist nichts zu tun. Wenn nicht, ändern Sie jetzt Ihr Passwort und melden Sie die Sitzung auf der Sicherheitsseite ab.
mail-api-key-created-subject = Für Ihr { -brand }-Konto wurde ein neuer API-Schlüssel erstellt
mail-api-key-created-body =
    Hallo { $name },

    für Ihr { -brand }-Konto „{ $username }“ wurde am { $when } von { $ip } aus ein API-Schlüssel „{ $key_name }“ mit den Scopes { $scopes } erstellt.

    Wenn Sie das nicht waren, löschen Sie den Schlüssel auf der Seite „API-Schlüssel“, ändern Sie Ihr Passwort und wenden Sie sich an Ihren Administrator.
mail-api-key-leaked-subject = Ihr { -brand }-API-Schlüssel wurde öffentlich gefunden und widerrufen
mail-api-key-leaked-body =
    Hallo { $name },

    Ihr API-Schlüssel „{ $key_name }“ ({ $hint }) des { -brand }-Kontos „{ $username }“ wurde am { $when } von { $ip } aus als veröffentlicht gemeldet. Fundort laut Meldung (von der meldenden Person angegeben, nicht von { -brand } geprüft): { $source }

    Der Schlüssel wurde widerrufen: Was ihn verwendet, funktioniert nicht mehr. Erstellen Sie auf der Seite „API-Schlüssel“ einen neuen Schlüssel, bewahren Sie ihn so auf, dass andere ihn nicht lesen können, und entfernen Sie den alten vom Fundort.
mail-api-key-idle-warning-subject = Ein unbenutzter { -brand }-API-Schlüssel wird in 7 Tagen widerrufen
mail-api-key-idle-warning-body =
    Hallo { $name },

    Ihr API-Schlüssel „{ $key_name }“ ({ $hint }) des { -brand }-Kontos „{ $username }“ wurde lange nicht verwendet. Schlüssel, die { $days } Tage unbenutzt bleiben, werden widerrufen: dieser am { $date }.

    Wenn Sie ihn noch brauchen, verwenden Sie ihn vorher einmal. Wenn nicht, ist nichts zu tun.
mail-api-key-idle-revoked-subject = Ein unbenutzter { -brand }-API-Schlüssel wurde widerrufen
mail-api-key-idle-revoked-body =
    Hallo { $name },

    Ihr API-Schlüssel „{ $key_name }“ ({ $hint }) des { -brand }-Kontos „{ $username }“ wurde { $days } Tage nicht verwendet und am { $when } widerrufen.

    Wenn Sie wieder einen Schlüssel brauchen, erstellen Sie auf der Seite „API-Schlüssel“ einen neuen.
mail-passkey-added-subject = Ein Passkey wurde Ihrem { -brand }-Konto hinzugefügt
mail-passkey-added-body =
    Hallo { $name },

    Ein Passkey namens „{ $passkey }“ wurde am { $when } von { $ip } aus Ihrem { -brand }-Konto „{ $username }“ hinzugefügt. Mit ihm kann man sich jetzt bei dem Konto anmelden.

    Falls Sie das nicht waren, entfernen Sie ihn auf der Sicherheitsseite, ändern Sie Ihr Passwort und wenden Sie sich an Ihren Administrator.
mail-passkey-removed-subject = Ein Passkey wurde aus Ihrem { -brand }-Konto entfernt
mail-passkey-removed-body =
    Hallo { $name },

    Der Passkey namens „{ $passkey }“ wurde am { $when } von { $ip } aus Ihrem { -brand }-Konto „{ $username }“ entfernt. Mit ihm kann man sich nicht mehr anmelden.

    Falls Sie das nicht waren, ändern Sie sofort Ihr Passwort und wenden Sie sich an Ihren Administrator.
mail-webhook-failing-subject = Zustellungen an Ihren Webhook schlagen fehl
mail-webhook-failing-body =
    Hallo { $name },

    Zustellungen an Ihren Webhook { $url } (Konto „{ $username }“) schlagen wiederholt fehl. Der letzte Versuch: { $error }.

    Schlagen auch die nächsten Versuche fehl, wird der Webhook ausgeschaltet und erhält keine Ereignisse mehr. Prüfen Sie den Empfänger und sehen Sie das Zustellprotokoll an: { $link }
mail-webhook-disabled-subject = Ihr Webhook wurde ausgeschaltet
mail-webhook-disabled-body =
    Hallo { $name },

    Ihr Webhook { $url } (Konto „{ $username }“) wurde am { $when } ausgeschaltet und erhält keine Ereignisse mehr. Der letzte Versuch: { $error }.

    Sobald der Empfänger wieder funktioniert, schalten Sie den Webhook mit einem Klick wieder ein und senden Sie die fehlgeschlagenen Zustellungen erneut: { $link }

mail-support-started-subject = Der Support handelt für Ihr Konto
mail-support-started-body =
    Hallo { $name },

    { $staff } vom Support-Team handelt seit { $when } für Ihr Konto „{ $username }“, mit dem Zugang, den Sie gewährt haben. Der Grund: { $reason }.

    Jede Seite, die der Support öffnet, steht in Ihrem Audit-Protokoll. Sie können den Zugang jederzeit unter Einstellungen → Sicherheit widerrufen.
