### Vestibule: English texts of the security settings section (domain::i18n::sections!); only its page reads them.

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
security-field-password = Your password
security-2fa-heading = Two-factor sign-in
security-2fa-explain = With an authenticator app on your phone (such as Aegis, 2FAS, Google Authenticator or 1Password), someone who learns your password still cannot log in.
security-2fa-off = Off: logging in asks for your password only.
security-2fa-on = On since { $date }: logging in asks for a code from your authenticator app after your password.
security-2fa-set-up = Set up an authenticator app
security-2fa-scan = Scan this QR code with your authenticator app.
security-2fa-qr-label = QR code for your authenticator app
security-2fa-key = Cannot scan it? Type this key into the app instead:
security-2fa-field-code = Code the app shows
security-2fa-turn-on = Turn on
security-2fa-turned-on = Two-factor sign-in is on.
security-2fa-off-heading = Turn off two-factor sign-in
security-2fa-turn-off = Turn off
security-2fa-turned-off = Two-factor sign-in is off.
security-2fa-off-short-password = Two-factor sign-in is off. Your password is now the only proof, and it is shorter than a password alone should be: choose a longer one above.
security-codes-heading = Recovery codes
security-codes-left = { $count ->
        [one] 1 recovery code left.
       *[other] { $count } recovery codes left.
    }
security-codes-low = Few recovery codes are left: make new ones before you run out.
security-codes-new-title = Your recovery codes
security-codes-save = Save these codes now: they are shown only this once. Each one lets you log in once if you lose your phone.
security-codes-copy = Copy
security-codes-copied = Copied.
security-codes-copy-blocked = This browser did not let the page copy: select the codes and copy them yourself.
security-codes-download = Download
security-codes-done = I have saved them
security-codes-regenerate = Make new recovery codes
security-codes-regenerate-hint = Your password first. The old codes stop working.
security-sessions-heading = Sessions
security-sessions-intro = Every browser signed in to your account. Sign out any you do not recognise, then change your password.
security-sessions-device = { $browser } on { $os }
security-sessions-unknown = unknown
security-sessions-this-device = This device
security-sessions-facts = { $ip } · signed in { $signed_in } · last active { $last_active }
security-sessions-sign-out = Sign out
security-sessions-sign-out-label = Sign out { $device }
security-sessions-sign-out-others = Sign out all other sessions
security-passkeys-heading = Passkeys
security-passkeys-intro = A passkey signs you in with your device's screen lock, a fingerprint or a security key instead of a password, and cannot be phished. With two-factor sign-in on, a passkey can also be your second step.
security-passkeys-none = No passkeys yet.
security-passkeys-count = { $count ->
        [one] 1 passkey
       *[other] { $count } passkeys
    }
security-passkeys-facts = added { $added } · last used { $last_used }
security-passkeys-never = never
security-passkeys-field-name = Name of the new passkey
security-passkeys-name-hint = So that you can tell your passkeys apart, for example the device it is on.
security-passkeys-add = Add a passkey
security-passkeys-adding = Waiting for your passkey…
security-passkeys-added = Passkey "{ $name }" added.
security-passkeys-removed = Passkey removed.
security-passkeys-rename = Rename
security-passkeys-rename-label = Rename passkey { $name }
security-passkeys-field-rename = New name
security-passkeys-save = Save
security-passkeys-cancel = Cancel
security-passkeys-remove = Remove
security-passkeys-remove-label = Remove passkey { $name }
security-passkeys-remove-confirm = Remove the passkey "{ $name }"? It will no longer sign you in.
security-password-hint = At least { $min } characters, or { $min_2fa } while two-factor sign-in is on. A few unrelated words make a password that is long, easy to remember and hard to guess.
security-support-heading = Support access
security-support-intro = Let the support team sign in to your account to help you, for a limited time. They see your settings as you do, but never your password, two-factor sign-in, passkeys, sessions or secrets. Every page they open is in your audit log, and you can revoke the access at any time.
security-support-length = Duration
security-support-length-1h = 1 hour
security-support-length-24h = 24 hours
security-support-length-7d = 7 days
security-support-note = Note for the support team
security-support-note-hint = Optional: what you need help with (at most 200 characters).
security-support-grant = Grant access
security-support-running = Support access is on until { $until }.
security-support-left = Time left:
security-support-revoke = Revoke access
