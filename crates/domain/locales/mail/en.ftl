# Mail texts (crates/service): only the server sends mail, so the browser's WASM does not carry
# them. One bundle with ../en.ftl: its terms ({ -brand }) apply here.

mail-welcome-subject = Confirm your email address for { -brand }
mail-welcome-body =
    Hello { $name },

    Welcome to { -brand }! To confirm that this address belongs to your account "{ $username }", open this link within 24 hours:

    { $link }

    If you did not create this account, ignore this mail.
mail-verify-subject = Confirm your new email address for { -brand }
mail-verify-body =
    Hello { $name },

    Someone, hopefully you, asked to use this address for the { -brand } account "{ $username }". To confirm, open this link within 24 hours:

    { $link }

    If you did not ask for this, ignore this mail: nothing changes.
mail-changed-subject = Your { -brand } email address was changed
mail-changed-body =
    Hello { $name },

    The email address of your { -brand } account "{ $username }" was changed to { $email } on { $when }.

    If this was not you, contact your administrator at once.
mail-test-subject = A test mail from { -brand }
mail-test-body =
    This mail was sent by "vestibule mail test" to check how { -brand } sends mail.

    If it reached you, nothing more needs doing.
mail-notify-address-subject = Confirm your notification address for { -brand }
mail-notify-address-body =
    Hello { $name },

    Someone, hopefully you, asked to send the notifications of the { -brand } account "{ $username }" to this address. To confirm, open this link within 24 hours:

    { $link }

    If you did not ask for this, ignore this mail: nothing will be sent here.
mail-build-succeeded-subject = [{ $pipeline }] Build { $build } succeeded
mail-build-failed-subject = [{ $pipeline }] Build { $build } failed
mail-build-succeeded-body = Build { $build } of { $pipeline } succeeded on { $when }.
mail-build-failed-body = Build { $build } of { $pipeline } failed on { $when }.
mail-build-trigger-git = Started by a Git push.
mail-build-trigger-cron = Started by a schedule.
mail-build-trigger-manual = Started by hand.
mail-build-committer = Committer: { $email }
mail-greeting = Hello { $name },
mail-footer-unsubscribe = To stop { $kind }, open { $link }
mail-footer-settings = All notification settings: { $link }
mail-summary-subject = Your week of builds: { $succeeded } succeeded, { $failed } failed
mail-summary-intro = Your builds from { $from } to { $to }:
mail-summary-pipeline = { $pipeline }: { $succeeded } succeeded, { $failed } failed
mail-summary-busiest = Busiest day: { $weekday } { $date }, with { $count ->
        [one] one build
       *[other] { $count } builds
    }.
mail-summary-none = There were no builds for you this week.
mail-expiry-subject = { $days ->
        [0] Your API key "{ $name }" expires today
        [one] Your API key "{ $name }" expires tomorrow
       *[other] Your API key "{ $name }" expires in { $days } days
    }
mail-expiry-body = Your { -brand } API key "{ $name }" ({ $hint }) expires on { $when }. Requests made with it will then be refused. To get a new key with the same name and scopes, rotate it:
mail-git-expiry-subject = { $days ->
        [0] Your Git provider token "{ $name }" expires today
        [one] Your Git provider token "{ $name }" expires tomorrow
       *[other] Your Git provider token "{ $name }" expires in { $days } days
    }
mail-git-expiry-body = Your Git provider token "{ $name }" (ending in { $last4 }) expires on { $when }. The platform can then no longer act on your repositories with it. Create a new token at your provider and add it here:
mail-password-changed-subject = Your { -brand } password was changed
mail-password-changed-body =
    Hello { $name },

    The password of your { -brand } account "{ $username }" was changed on { $when } from { $ip }.

    If this was not you, contact your administrator at once.
mail-two-factor-on-subject = Two-factor sign-in is now on for your { -brand } account
mail-two-factor-on-body =
    Hello { $name },

    Two-factor sign-in was turned on for your { -brand } account "{ $username }" on { $when } from { $ip }. From now on, logging in asks for a code from your authenticator app after the password.

    Keep your recovery codes somewhere safe: each one lets you in once if you lose your phone.

    If this was not you, contact your administrator at once.
mail-two-factor-off-subject = Two-factor sign-in was turned off for your { -brand } account
mail-two-factor-off-body =
    Hello { $name },

    Two-factor sign-in was turned off for your { -brand } account "{ $username }" on { $when } from { $ip }. Logging in now asks for your password only.

    If this was not you, contact your administrator at once.
mail-recovery-used-subject = A recovery code was used to log in to your { -brand } account
mail-recovery-used-body =
    Hello { $name },

    A recovery code was used to log in to your { -brand } account "{ $username }" on { $when } from { $ip }. { $left ->
        [0] You have no recovery codes left: make new ones on the security page now.
        [one] You have 1 recovery code left.
       *[other] You have { $left } recovery codes left.
    }

    If this was not you, contact your administrator at once.
mail-recovery-codes-new-subject = New recovery codes for your { -brand } account
mail-recovery-codes-new-body =
    Hello { $name },

    New recovery codes were made for your { -brand } account "{ $username }" on { $when } from { $ip }. The old ones no longer work.

    If this was not you, contact your administrator at once.
mail-codes-failing-subject = Someone is trying codes to log in to your { -brand } account
mail-codes-failing-body =
    Hello { $name },

    Someone entered your password for your { -brand } account "{ $username }" correctly, then several wrong codes for two-factor sign-in, the last on { $when } from { $ip }. Further tries are slowed down.

    If this was not you, your password is known to someone else: change it now.
mail-new-sign-in-subject = New sign-in to your { -brand } account
mail-new-sign-in-body =
    Hello { $name },

    Your { -brand } account "{ $username }" was signed in to from { $browser } on { $os }, a browser it was not used with before, on { $when } from { $ip }.

    If this was you, there is nothing to do. If not, change your password now and sign out the session on the security page.
mail-api-key-created-subject = A new API key was created for your { -brand } account
mail-api-key-created-body =
    Hello { $name },

    An API key named "{ $key_name }" with the scopes { $scopes } was created for your { -brand } account "{ $username }" on { $when } from { $ip }.

    If this was not you, delete the key on the API keys page, change your password, and contact your administrator.
mail-api-key-leaked-subject = Your { -brand } API key was found in public and has been revoked
mail-api-key-leaked-body =
    Hello { $name },

    Your API key "{ $key_name }" ({ $hint }) of the { -brand } account "{ $username }" was reported as leaked on { $when }, from { $ip }. Where the report says it was found (written by whoever reported it, not checked by { -brand }): { $source }

    The key has been revoked: anything using it stops working. Create a new key on the API keys page, store it where it cannot be read by others, and remove the old one from where it was found.
mail-api-key-idle-warning-subject = An unused { -brand } API key will be revoked in 7 days
mail-api-key-idle-warning-body =
    Hello { $name },

    Your API key "{ $key_name }" ({ $hint }) of the { -brand } account "{ $username }" has not been used for a long time. Keys unused for { $days } days are revoked: this one will be on { $date }.

    If you still need it, use it once before then. If not, there is nothing to do.
mail-api-key-idle-revoked-subject = An unused { -brand } API key was revoked
mail-api-key-idle-revoked-body =
    Hello { $name },

    Your API key "{ $key_name }" ({ $hint }) of the { -brand } account "{ $username }" was not used for { $days } days and was revoked on { $when }.

    If you need a key again, create a new one on the API keys page.
mail-passkey-added-subject = A passkey was added to your { -brand } account
mail-passkey-added-body =
    Hello { $name },

    A passkey named "{ $passkey }" was added to your { -brand } account "{ $username }" on { $when } from { $ip }. It can now sign in to the account.

    If this was not you, remove it on the security page, change your password, and contact your administrator.
mail-passkey-removed-subject = A passkey was removed from your { -brand } account
mail-passkey-removed-body =
    Hello { $name },

    The passkey named "{ $passkey }" was removed from your { -brand } account "{ $username }" on { $when } from { $ip }. It can no longer sign in.

    If this was not you, change your password and contact your administrator at once.
mail-webhook-failing-subject = Deliveries to your webhook are failing
mail-webhook-failing-body =
    Hello { $name },

    Deliveries to your webhook { $url } (account "{ $username }") keep failing. The last attempt: { $error }.

    If the next attempts fail too, the webhook will be turned off and receive no more events. Check the receiver, and see the delivery log: { $link }
mail-webhook-disabled-subject = Your webhook was turned off
mail-webhook-disabled-body =
    Hello { $name },

    Your webhook { $url } (account "{ $username }") was turned off on { $when } and receives no more events. The last attempt: { $error }.

    When the receiver works again, turn the webhook back on with one click, and send the failed deliveries again: { $link }

mail-support-started-subject = Support staff are acting on your account
mail-support-started-body =
    Hello { $name },

    { $staff } of the support team started acting on your account "{ $username }" on { $when }, with the access you granted. Their reason: { $reason }.

    Every page they open is in your audit log. You can revoke the access at any time under Settings → Security.
