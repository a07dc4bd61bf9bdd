### Vestibule: English catalog. One file per language, named by the language's wire name, embedded with
### include_str! (crates/domain/src/i18n.rs) and used by domain, service and app (SSR and WASM). Fluent trims leading/trailing spaces; views add no spaces around inline
### elements; split messages (…-start/…-end) carry their own spaces as {" "}. Placeables such as { $name } are filled by the caller.

-brand = Vestibule

## Document shell and shared words (crates/app/src/app.rs, components/*)
app-brand = { -brand }
common-loading = Loading…
common-cancel = Cancel
common-save = Save
common-edit = Edit

## Not found (pages/not_found.rs)
notfound-title = Not found
notfound-heading = Page not found
notfound-link = Go to your settings

## Log in (pages/log_in.rs)
login-title = Log in
login-heading = Log in to { -brand }
login-field-login = Username or email
login-field-password = Password
login-submit = Log in
login-pending = Logging in…
login-new-here = New here?{" "}
login-signup-link = Create an account

## Sign up (pages/sign_up.rs)
signup-title = Sign up
signup-heading = Create your { -brand } account
signup-field-username = Username
signup-hint-username = { $min } to { $max } lowercase letters, digits, '-', '_' or '.'. It cannot be changed later.
signup-field-email = Email
signup-field-password = Password
signup-hint-password = At least { $min } characters. A phrase of unrelated words is easy to remember and hard to guess.
signup-submit = Create account
signup-pending = Creating account…
signup-have-account = Already have an account?{" "}
signup-login-link = Log in
# When the operator closed sign-up (VESTIBULE_SIGN_UP=closed)
signup-closed = Sign-up is closed on this site. Ask an administrator for an account.

## Confirm an email address from a mailed link: a new account's or a changed one (pages/verify_email.rs)
verify-title = Confirm your email address
verify-heading = Confirm your email address
verify-done = Your email address is now { $email }.
verify-done-verified = Thank you: { $email } is verified.
verify-done-notifications = Thank you: notifications now go to { $email }.
verify-back-notifications = Back to your notification settings
verify-back = Back to your profile
verify-question = Confirm that this address is yours, for your { -brand } account?
verify-submit = Confirm email address

## Settings shell (pages/settings/mod.rs)
settings-signed-in-as = Signed in as{" "}
settings-log-out = Log out
settings-nav-label = Settings
settings-heading = Settings
settings-nav-profile = Profile
settings-nav-preferences = Preferences
settings-nav-api-keys = API keys
settings-nav-notifications = Notifications
settings-nav-security = Security

## Profile (pages/settings/profile.rs)
profile-title = Profile
profile-username = Username
profile-username-fixed = Usernames cannot be changed.
profile-full-name = Full name
profile-email = Email
profile-member-since = Member since
profile-name-not-set = Not set
profile-name-saved = Name saved.
profile-email-change = Change
profile-email-new = New email address
profile-email-send = Send verification link
profile-email-sent = We sent a verification link to { $email }. The change takes effect when you open it.
profile-email-resent = A new verification link is on its way.
profile-email-pending = Pending:{" "}
profile-email-resend = Resend link
profile-email-cancel = Cancel change

## Unverified address on the profile (pages/settings/profile.rs Unverified)
profile-email-unverified = unverified
profile-email-verification-resend = Resend confirmation mail
profile-email-verification-sent = We sent a new confirmation mail. Open its link to verify your address.

## Avatar (pages/settings/avatar.rs)
avatar-alt = Your avatar
avatar-initials-label = Your initials
avatar-upload = Upload a picture
avatar-remove = Remove avatar
avatar-hint = PNG, JPEG or WebP, at most { $max_mib } MiB. It is cropped to a square.
avatar-progress-label = Upload progress
avatar-upload-failed = The upload failed (HTTP { $status }).
avatar-upload-not-started = The upload could not start.

## Preferences (pages/settings/preferences.rs)
prefs-title = Preferences
prefs-browser-zone-start = Your browser's time zone is{" "}
prefs-browser-zone-end = .
prefs-browser-zone-use = Use it
prefs-preview = Preview:{" "}
prefs-date-format = Date format
prefs-time-format = Time format
prefs-time-zone = Time zone
prefs-time-zone-hint = Type a city or an offset such as +05:30.
prefs-week-start = Week starts on
prefs-theme = Theme
prefs-language = Language
prefs-save = Save preferences
prefs-saved = Preferences saved.

## Choice labels (domain/src/preferences.rs; key = <type>-<wire name>)
date-format-us = US (11/22/2026)
date-format-international = International (22/11/2026)
date-format-iso = ISO 8601 (2026-11-22)
time-format-12h = 12-hour (7:05 PM)
time-format-24h = 24-hour (19:05)
week-start-monday = Monday
week-start-sunday = Sunday
theme-light = Light
theme-dark = Dark
theme-system = Same as my system
# Languages are listed under their own names in every catalog.
language-en = English
language-de = Deutsch

## Dates (domain/src/datetime.rs)
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday
datetime-preview = Today at { $time }, { $weekday } { $date }, { $zone }

## API keys page (pages/settings/api_keys/mod.rs)
keys-title = API keys
keys-lead-start = Keys let scripts and your platform's tools act as you through the{" "}
keys-lead-link = { -brand } API
keys-lead-end = , with only the scopes you choose and never longer than their expiry.
keys-generate = Generate new key
keys-empty-heading = No API keys yet
keys-empty-text = Generate a key for each script or tool, give it only the scopes it needs, and let it expire.
keys-empty-see-start = See the{" "}
keys-empty-see-link = API description
keys-empty-see-end = {" "}for what a key can reach.
keys-table-caption = Your API keys
keys-col-name = Name
keys-col-key = Key
keys-col-scopes = Scopes
keys-col-created = Created
keys-col-expires = Expires
keys-col-last-used = Last used
keys-col-status = Status
keys-col-actions = Actions
keys-rotated-until = Rotated out, works until { $date }
keys-last-used-from = { $date } from { $ip }
keys-never-used = Never
keys-edit = Edit
keys-rotate = Rotate
keys-delete = Delete
keys-edit-label = Edit { $name }
keys-rotate-label = Rotate { $name }
keys-delete-label = Delete { $name }

## Key status badges and grace periods (domain/src/api_keys/mod.rs)
key-status-active = Active
key-status-expires-soon = { $days ->
    [one] Expires in 1 day
   *[other] Expires in { $days } days
}
key-status-expired = Expired
key-status-rotated-out = Rotated out
grace-none = None: the old key stops now
grace-1h = 1 hour
grace-24h = 24 hours
grace-7d = 7 days

## Key dialogs (pages/settings/api_keys/dialogs.rs)
key-generate-title = Generate a new API key
key-field-name = Name
key-name-hint = What uses this key, e.g. "CI deploys". Unique among your keys.
key-generate-submit = Generate key
key-reveal-title = Your new key: { $name }
key-reveal-warning = Copy it now: you will not see it again.
key-reveal-explain = { -brand } keeps only a fingerprint of it. If you lose it, rotate or delete the key.
key-reveal-field = API key
key-reveal-copy = Copy
key-reveal-copied = Copied to the clipboard.
key-reveal-copy-blocked = Your browser blocked copying: the key is selected, press Ctrl+C (⌘C).
key-reveal-done = I have stored the key
key-edit-title = Edit { $name }
key-edit-expiry-fixed = The expiry cannot be extended; rotate the key for a new one.
key-rotate-title = Rotate { $name }
key-rotate-intro-start = A new secret replaces{" "}
key-rotate-intro-end = , with the same name and scopes. Give the old one time to be replaced where it is used.
key-rotate-grace = The old key keeps working for
key-rotate-submit = Rotate key
key-delete-title = Delete { $name }?
key-delete-intro-start = Anything using{" "}
key-delete-intro-end = {" "}stops working with its next request. This cannot be undone.
key-delete-submit = Delete key

## Scope and expiry pickers (pages/settings/api_keys/form.rs)
key-scopes-legend = Scopes
key-scopes-hint = A key can do only what its scopes allow; write includes read.
key-expiry-label = Expiration
key-expiry-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}
key-expiry-custom = Custom date…
key-expiry-last-day = Last day
key-expiry-result = The key will expire on { $date }.

## Built-in scopes (domain/src/api_keys/scopes.rs; key = scope name with ':' as '-'; operator scopes keep their own text)
scope-group-profile = Profile
scope-group-preferences = Preferences
scope-group-notifications = Notifications
scope-group-api-keys = API keys
scope-group-webhooks = Webhooks
scope-group-audit = Audit log
scope-group-platform = Platform
scope-profile-read = Read your username, name, email and avatar.
scope-profile-write = Change your name and email address.
scope-preferences-read = Read your display preferences.
scope-preferences-write = Change your display preferences.
scope-notifications-read = Read your notification settings.
scope-notifications-write = Change your notification settings.
scope-api-keys-read = List your API keys.
scope-api-keys-write = Create, edit, rotate and delete API keys (never with scopes this key lacks).
scope-webhooks-read = List your webhooks and their deliveries.
scope-webhooks-write = Create, change and delete webhooks.
scope-audit-read = Read your account's security log.
scope-audit-write = Add entries to your account's security log.
scope-keys-verify = Ask { -brand } whether another key is valid and what it may do (administrators only).
scope-events-write = Post the platform's build events, which { -brand } mails to the people who asked for them (administrators only).

## Validation messages (domain/src/error.rs ValidationError; key = error-<variant in kebab case>)
error-required = This field is required.
error-too-short = Use at least { $min } characters.
error-too-long = Use at most { $max } characters.
error-username-char = Use only lowercase letters, digits, '-', '_' and '.' (found '{ $found }').
error-username-edge = Start and end with a letter or a digit.
error-email-format = Enter an email address like name@example.com.
error-password-weak = This password is too easy to guess: { $warning }
error-password-weak-generic = This password is too easy to guess. Try a longer phrase of unrelated words.
error-password-like-account = The password must not contain your username or email address.
error-password-wrong = That is not your current password.
error-control-character = Remove the control characters (such as tabs or line breaks).
error-image-too-large = The picture must be at most { $max_mib } MiB.
error-image-format = Upload a PNG, JPEG or WebP picture.
error-image-dimensions = The picture is too big: at most { $max }×{ $max } pixels.
error-one-of = Choose one of: { $allowed }.
error-unknown-time-zone = '{ $name }' is not a known time zone. Use an IANA name such as Europe/Berlin.
error-date-format = Enter a date like 2027-01-31.
error-expiry-past = Choose a date after today.
error-expiry-too-late = Keys may live at most { $max_days } days. Choose an earlier expiry.
error-expiry-outlives-key = A key made with an API key cannot outlive it, and the key you are using expires at { $until }. Choose an earlier expiry.
error-no-scope = Choose at least one scope.
error-unknown-scope = '{ $name }' is not a scope of this installation.
error-scope-not-allowed = Only administrators may give a key the scope '{ $name }'.
# Field messages the service finds (service/src/email_change.rs, api_keys/mod.rs, accounts/mod.rs);
# proposed as new ValidationError variants so they travel as data, not text.
error-email-taken = An account with that email address already exists.
error-email-unchanged = That is already your email address.
error-username-taken = That username is taken.
error-link-invalid = This link is invalid, used or expired. Ask for a new one.
error-key-name-taken = You already have a key named '{ $name }'.
error-key-rotated-out = This key was rotated out; edit its successor instead.
error-key-already-rotated = This key was already rotated; rotate its successor instead.
error-too-many = Give at most { $max }.
error-identifier = Use only letters, digits and . _ : - / # @ (at most 128).
error-url-format = Enter a web address that starts with https:// or http://, such as https://ci.example.com/builds/42.
error-event-time = Give the time as RFC 3339 (such as 2026-11-30T09:00:00Z), within the past 35 days and not in the future.

## Password warnings from zxcvbn (domain/src/account.rs; one per zxcvbn::feedback::Warning)
password-warning-straight-rows = Straight rows of keys are easy to guess.
password-warning-keyboard-patterns = Short keyboard patterns are easy to guess.
password-warning-repeats-aaa = Repeats like "aaa" are easy to guess.
password-warning-repeats-abcabc = Repeats like "abcabcabc" are only slightly harder to guess than "abc".
password-warning-top10 = This is a top-10 common password.
password-warning-top100 = This is a top-100 common password.
password-warning-common = This is a very common password.
password-warning-similar-to-common = This is similar to a commonly used password.
password-warning-sequences = Sequences like abc or 6543 are easy to guess.
password-warning-recent-years = Recent years are easy to guess.
password-warning-word-by-itself = A word by itself is easy to guess.
password-warning-dates = Dates are often easy to guess.
password-warning-names-by-themselves = Names and surnames by themselves are easy to guess.
password-warning-common-names = Common names and surnames are easy to guess.

## Request errors (domain/src/error.rs UserError; Invalid joins its field messages)
error-bad-credentials = Wrong username, email or password.
error-throttled = { $seconds ->
    [one] Too many attempts. Try again in 1 second.
   *[other] Too many attempts. Try again in { $seconds } seconds.
}
error-locked = This account is locked after too many failed log-ins. Ask an administrator to unlock it.
# Sign-up (service/src/accounts/mod.rs, VESTIBULE_SIGN_UP=closed)
error-sign-up-closed = Sign-up is closed on this site. Ask an administrator for an account.
error-unauthenticated = Please log in.
error-cross-site = This request came from another site and was refused.
error-not-found = Not found.
error-insufficient-scope = This API key lacks the scope '{ $scope }'.
error-key-limit = { $max ->
    [one] You can have one API key at a time: delete the current key first.
   *[other] You can have at most { $max } API keys: delete one first.
}
error-internal = Something went wrong on our side. Please try again.
error-transport = Could not reach the server: { $detail }

## REST API request bodies (server/src/api/mod.rs); $detail is serde's English description
error-body-not-object = The request body must be a JSON object.
error-body-shape = The request body does not fit this operation: { $detail }

## Refused API keys (domain/src/api_keys/mod.rs KeyRefusal)
error-key-malformed = This is not a { -brand } API key (check for a typo or a cut-off paste).
error-key-unknown = No such API key.
error-key-expired = This API key has expired.
error-key-revoked = This API key has been revoked.

## Settings → Notifications (pages/settings/notifications.rs)
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

## Unsubscribe from a mail's link (pages/unsubscribe.rs)
unsubscribe-title = Unsubscribe
unsubscribe-question = Stop this kind of mail? You can turn it on again in your notification settings.
unsubscribe-submit = Unsubscribe
unsubscribe-done = Unsubscribed: { $kind }.
unsubscribe-settings = All notification settings

## Settings → Security (pages/settings/security.rs)
security-title = Security
security-password-heading = Change password
security-password-intro = Your current password first, so that nobody at an unlocked computer can change it.
security-field-current = Current password
security-field-new = New password
security-sign-out-others = Sign out my other sessions
security-sign-out-others-hint = Every other browser signed in to your account must log in again, with the new password.
security-password-submit = Change password
security-password-pending = Changing…
security-password-changed = Your password was changed. A notice went to your email address.
