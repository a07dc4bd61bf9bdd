### Vestibule: English texts of the notifications settings section (domain::i18n::sections!); only its page reads them.

notify-title = Notifications
notify-address-heading = Where notifications go
notify-address-label = Notification address
notify-address-hint = Your account's address unless you choose another. Another address is used once you open the link we mail to it.
notify-address-current = Notifications go to { $email }.
notify-address-save = Use this address
notify-address-sent = We sent a link to { $email }. Notifications go there once you open it.
notify-address-pending = Waiting for confirmation:{" "}
notify-address-reset = Use my account's address again
notify-address-unverified = Your account's address is not confirmed yet, so no notifications are sent. Confirm it from your profile, or choose another address here.
notify-builds-heading = Builds
notify-build-success = When a build succeeds
notify-build-failure = When a build fails
notify-committer-only = Only builds where I am the Git committer
notify-committer-only-hint = Matched against your confirmed addresses.
notify-include-manual = Include builds started by hand
notify-only-changes = Only when the result changes
notify-only-changes-hint = Mail on a pipeline's first failure and on its first success after failures, not on every repeat.
notify-other-heading = Other mail
notify-weekly-summary = Weekly summary of my builds
notify-weekly-summary-hint = On the first day of your week at 09:00 in your time zone (see Preferences).
notify-key-expiry = Reminders before my API keys expire
notify-key-expiry-hint = 7 days and 1 day before a key expires, and on the day, with a link to rotate it.
notify-security = Security mails
notify-security-hint = Always on. They tell you about changes to your address, password, two-factor sign-in and keys, which you need to hear about most when someone else made them.
notify-save = Save notifications
notify-saved = Notifications saved.
# What one-click unsubscribe turns off (domain/src/notifications.rs MailKind); used after "To stop" and "Unsubscribed:"
notify-kind-build-success = mails about successful builds
notify-kind-build-failure = mails about failed builds
notify-kind-weekly-summary = the weekly summary
notify-kind-key-expiry = key-expiry reminders
