### Vestibule: English texts of the staff's Support page (domain::i18n::sections!); only its page reads them.

support-title = Support
support-intro = Accounts whose owners granted the support team access, the soonest to end first. Acting on an account needs a reason (a ticket reference); the owner is mailed, and every page you open is in their audit log.
support-empty = No account has granted support access at the moment.
support-caption = Accounts with support access
support-col-account = Account
support-col-note = Note from the owner
support-col-until = Access until
support-col-act = Act on the account
support-reason = Reason (ticket reference)
support-act = Act as { $username }
