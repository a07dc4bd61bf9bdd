### Vestibule: English texts of the git-tokens settings section (domain::i18n::sections!); only its page reads them.

git-title = Git providers
git-lead = Personal access tokens of your Git providers, so that { -brand }'s platform can act on your repositories. A token is encrypted as soon as it arrives and is never shown again: only its last 4 characters.
git-empty = No tokens yet.
git-caption = Your Git provider tokens
git-col-name = Name
git-col-provider = Provider
git-col-token = Token
git-col-added = Added
git-col-expires = Expires
git-col-fetched = Last used by the platform
git-never-expires = Never
git-never-fetched = Never
git-delete = Delete
git-delete-label = Delete { $name }
git-delete-confirm = Delete { $name }? The platform can no longer use it. The token stays valid at the provider: revoke it there too.
git-add-title = Add a token
git-field-provider = Provider
git-field-url = Address of the server
git-url-hint = Blank for the public service; your own server's address, e.g. https://git.example.com, for a self-hosted one.
git-field-name = Name
git-name-hint = What the token is for, e.g. "deploys". Unique among your tokens.
git-field-token = Token
git-token-hint = Paste it as the provider showed it. It is stored encrypted and never shown again.
git-field-expires = Expires on (optional)
git-expires-hint = The last day it works, if the provider gave one: you are reminded 7 days and 1 day before.
git-add-submit = Add token
git-added = Token "{ $name }" added.
git-provider-custom = Other host
git-status-active = Active
git-status-expires-soon = { $days ->
    [one] Expires in 1 day
   *[other] Expires in { $days } days
}
git-status-expired = Expired
