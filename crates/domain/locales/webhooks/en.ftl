### Vestibule: English texts of the webhooks settings section (domain::i18n::sections!); only its page reads them.

## Event types (domain::webhooks::EVENT_TYPES)
event-build-succeeded = A build of a pipeline you follow succeeded
event-build-failed = A build of a pipeline you follow failed
event-api-key-created = You created an API key
event-api-key-rotated = You rotated an API key
event-api-key-deleted = You deleted an API key
event-api-key-expiring = One of your API keys expires within 7 days
event-profile-updated = Your profile changed
event-preferences-updated = Your display preferences changed
event-security-two-factor-changed = Two-factor sign-in was turned on or off

## The page (app/src/pages/settings/webhooks.rs)
webhooks-title = Webhooks
webhooks-lead = Webhooks send an HTTP POST to your server when something happens: a build finishes, a key changes, your profile changes. Each delivery is signed (Standard Webhooks), retried for about three days if your server does not accept it, and kept in the log for 30 days.
webhooks-empty = No webhooks yet. Add one below.
webhooks-events = Events
webhooks-status = Status
webhooks-status-on = On
webhooks-status-off-owner = Off (you turned it off)
webhooks-status-off-gone = Off: your server answered 410 Gone
webhooks-status-off-failing = Off: deliveries failed for three days
webhooks-created = Added
webhooks-last-delivery = Last delivery
webhooks-never = None yet
webhooks-previous-secret = Previous secret
webhooks-previous-until = Still signs until { $date }
webhooks-turn-off = Turn off
webhooks-turn-on = Turn on
webhooks-rotate = Rotate secret
webhooks-show-log = Deliveries
webhooks-delete = Delete
webhooks-delete-confirm = Delete the webhook to { $url } and its delivery log? Deliveries not yet made are dropped.
webhooks-delete-yes = Delete webhook
webhooks-cancel = Cancel
webhooks-test-label = Send a test event
webhooks-test-send = Send test
webhooks-log-heading = Deliveries of the last 30 days
webhooks-log-refresh = Refresh
webhooks-log-empty = No deliveries yet.
webhooks-col-event = Event
webhooks-col-time = Time
webhooks-col-state = State
webhooks-col-answer = Answer
webhooks-col-actions = Actions
webhooks-delivery-pending = Queued
webhooks-delivery-succeeded = Delivered
webhooks-delivery-failed = Failed
webhooks-delivery-retrying = Failed, next attempt { $date }
webhooks-answer-status = HTTP { $status } in { $ms } ms
webhooks-attempts = { $count ->
    [one] 1 attempt
   *[other] { $count } attempts
}
webhooks-redeliver = Redeliver
webhooks-add-heading = Add a webhook
webhooks-field-url = Payload URL
webhooks-url-hint = Where to POST each event, starting with https://.
webhooks-field-description = Description (optional)
webhooks-description-hint = What the webhook is for, so you recognise it later.
webhooks-field-events = Events to send
webhooks-add = Add webhook
webhooks-secret-heading = Signing secret for { $url }
webhooks-secret-warning = Copy it now: it is not shown again.
webhooks-secret-field = Secret
webhooks-copy = Copy
webhooks-copied = Copied.
webhooks-copy-blocked = The browser did not allow copying: the secret is selected, copy it with the keyboard.
webhooks-secret-verify = Check each delivery's webhook-signature header with it (any Standard Webhooks library does).
webhooks-secret-done = I have stored it
webhooks-field-asymmetric = Also sign with Ed25519 (v1a)
webhooks-asymmetric-hint = Receivers can then verify deliveries with a public key, which this page shows, without holding the secret.
webhooks-public-key = Public key (v1a)
webhooks-redeliver-failed-label = Failed deliveries of
webhooks-redeliver-failed = Redeliver all failed
webhooks-range-1 = the last hour
webhooks-range-24 = the last 24 hours
webhooks-range-168 = the last 7 days
webhooks-range-720 = the last 30 days
webhooks-redelivered = { $count ->
    [one] 1 failed delivery sent again.
   *[other] { $count } failed deliveries sent again.
}
