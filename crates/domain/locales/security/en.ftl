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
