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
login-two-factor-title = Two-factor sign-in
login-two-factor-heading = Enter your code
login-two-factor-intro = Your account asks for a second proof: open your authenticator app and type the code it shows for { -brand }.
login-two-factor-code = Code
login-two-factor-hint = 6 digits from the app, or one of your recovery codes if you do not have your phone.
login-two-factor-submit = Continue
login-two-factor-restart = Start again with your password
login-passkey = Sign in with a passkey
login-sso = Sign in with { $name }
sso-link-title = Link your account
sso-link-intro = An account with this email address exists already. Enter its password once to sign in to it with { $name } from now on.
sso-link-submit = Link and sign in
login-two-factor-passkey = Use a passkey instead

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
settings-nav-audit-log = Audit log
settings-nav-notifications = Notifications
settings-nav-security = Security
settings-nav-webhooks = Webhooks
settings-nav-git-tokens = Git providers
settings-nav-support = Support
support-banner = Support ({ $staff }) is acting on this account — reason: { $reason }
support-banner-end = End

## Profile (pages/settings/profile.rs)

## Unverified address on the profile (pages/settings/profile.rs Unverified)

## Avatar (pages/settings/avatar.rs)

## Preferences (pages/settings/preferences.rs)

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

## Key status badges and grace periods (domain/src/api_keys/mod.rs)

## Key dialogs (pages/settings/api_keys/dialogs.rs)

## Scope and expiry pickers (pages/settings/api_keys/form.rs)

## Built-in scopes (domain/src/api_keys/scopes.rs; key = scope name with ':' as '-'; operator scopes keep their own text)

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
error-code-format = Enter the 6-digit code from your authenticator app, or one of your recovery codes.
error-totp-format = Enter the 6 digits your authenticator app shows.
error-code-wrong = That code is not right, or it was used already. Codes change every 30 seconds.
error-second-step-expired = Your log-in took too long. Log in again with your password.
error-two-factor-on = Two-factor sign-in is on already.
error-two-factor-off = Two-factor sign-in is off.
error-passkey-failed = The passkey's answer could not be verified. Try again, or use another way to sign in.
error-passkey-unknown = This passkey is not registered here (it may have been removed). Use another way to sign in.
error-passkey-taken = This passkey is registered already.
error-passkey-cancelled = The passkey prompt was closed or timed out. Nothing was changed.
error-passkey-unsupported = This browser cannot use passkeys. Use another way to sign in, or another browser.
error-passkey-host-name = Passkeys need a host name, not an IP address: open this site at http://localhost with its port, or ask the operator to set VESTIBULE_PUBLIC_URL.
error-unknown-event = There is no event type '{ $name }'.
error-no-event = Choose at least one event.
error-webhook-https = Use an https:// address: deliveries carry your data.
error-webhook-address = This address leads to a private, local or reserved network, which webhooks may not reach.
error-webhook-unresolvable = This host name could not be found. Check the address.
error-not-for-support = Support staff cannot see or change this: only the account's owner can.
error-not-support-staff = Only support staff can do this.
error-support-needs-two-factor = Sign in with two-factor authentication to act on accounts.
error-no-support-grant = This account has not granted support access, or the access has ended.
error-sso-failed = Signing in with the single sign-on provider did not work. Please try again.
error-sso-managed = This account signs in with single sign-on: its password, two-factor sign-in and passkeys are managed by the provider.
error-sso-link-two-factor = This account uses two-factor sign-in, which linking cannot check. Log in with your password and code instead.
error-webhook-disabled = This webhook is off: turn it on first.
error-webhook-too-large = This delivery is larger than { $max } bytes, the most a webhook may carry: it cannot be sent.
error-ip-range = "{ $entry }" is not an IP address or range: write one like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.
error-ip-not-allowed = This API key cannot be used from this IP address: it is not on the key's allowlist.
error-allowlist-wider = This key works only from { $ranges }: the keys it makes or edits must be limited to addresses within those.
error-number-range = Enter a whole number from { $min } to { $max }.
error-unknown-preference = There is no preference "{ $name }".
error-git-token-format = A token has no spaces or line breaks: paste it exactly as the provider showed it.
error-git-token-name-taken = You already have a token named '{ $name }'.
error-webhook-limit = { $max ->
    [one] You can have one webhook: delete it first.
   *[other] You can have at most { $max } webhooks: delete one first.
}
error-reauth-required = Confirm that it is you first: enter your password again.
reauth-title = Confirm that it is you
reauth-intro = This change needs your password again: you have not entered it for a while.
reauth-field = Password or authenticator code
reauth-hint = With two-factor sign-in on, a code from your app will do instead.
reauth-submit = Confirm
reauth-passkey = Use a passkey instead

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

## Unsubscribe from a mail's link (pages/unsubscribe.rs)
unsubscribe-title = Unsubscribe
unsubscribe-question = Stop this kind of mail? You can turn it on again in your notification settings.
unsubscribe-submit = Unsubscribe
unsubscribe-done = Unsubscribed: { $kind }.
unsubscribe-settings = All notification settings

