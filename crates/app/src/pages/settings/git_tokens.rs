//! Settings → Git providers: the account's personal access tokens for its Git providers (shown by
//! their last 4 characters only), a form that adds one, checked by `domain` before it is sent, and
//! deleting one after a confirmation.

use crate::api::git_tokens::{AddGitToken, DeleteGitToken, GitTokensData, my_git_tokens};
use crate::components::{Field, FieldState, Modal, WhenLive, now_ms};
use crate::i18n::{git_tokens::t, git_tokens::t_args, language};
use leptos::prelude::*;
use leptos_meta::Title;
use vestibule_domain::datetime::format_datetime;
use vestibule_domain::git_tokens::{GitProvider, GitTokenInfo, GitTokenStatus, NewGitToken};
use vestibule_domain::{FieldError, Preferences};

#[component]
pub fn GitTokensPage() -> impl IntoView {
    let add = ServerAction::<AddGitToken>::new();
    let delete = ServerAction::<DeleteGitToken>::new();
    let confirm = RwSignal::new(None::<GitTokenInfo>);
    // The list reloads after an addition or a deletion that worked.
    let changed = RwSignal::new(0u32);
    let data = crate::codec::resource(move || changed.get(), |_| my_git_tokens());
    // Each answer on its own: an addition's answer stays (the form shows it), so a test of both
    // at once would stop watching deletions after the first addition.
    Effect::new(move |_| {
        if matches!(add.value().get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if matches!(delete.value().get(), Some(Ok(()))) {
            delete.clear();
            confirm.set(None);
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <Title text=t("git-title") />
        <h1>{t("git-title")}</h1>
        <p class="lead">{t("git-lead")}</p>
        <Transition fallback=|| view! { <p class="loading">{t("common-loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let zone = data.preferences.time_zone.clone();
                        view! { <TokenList data confirm /> <LaterAddForm add zone /> }.into_any()
                    }
                    Err(e) => view! { <p class="form-error" role="alert">{e.0.message(language())}</p> }.into_any(),
                }
            })}
        </Transition>
        {move || confirm.get().map(|token| view! { <DeleteDialog token confirm delete /> })}
    }
}

#[component]
fn TokenList(data: GitTokensData, confirm: RwSignal<Option<GitTokenInfo>>) -> impl IntoView {
    if data.tokens.is_empty() {
        return view! { <p class="empty" data-testid="git-empty">{t("git-empty")}</p> }.into_any();
    }
    let now = now_ms();
    let rows = data
        .tokens
        .into_iter()
        .map(|token| view! { <TokenRow token prefs=data.preferences.clone() now confirm /> })
        .collect_view();
    view! {
        <table class="keys git-tokens">
            <caption class="visually-hidden">{t("git-caption")}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("git-col-name")}</th>
                    <th scope="col">{t("git-col-provider")}</th>
                    <th scope="col">{t("git-col-token")}</th>
                    <th scope="col">{t("git-col-added")}</th>
                    <th scope="col">{t("git-col-expires")}</th>
                    <th scope="col">{t("git-col-fetched")}</th>
                    <th scope="col"><span class="visually-hidden">{t("git-delete")}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn TokenRow(
    token: GitTokenInfo,
    prefs: Preferences,
    now: i64,
    confirm: RwSignal<Option<GitTokenInfo>>,
) -> impl IntoView {
    let status = token.status(now);
    let badge = match status {
        GitTokenStatus::Active => "badge ok",
        GitTokenStatus::ExpiresSoon { .. } => "badge warn",
        GitTokenStatus::Expired => "badge off",
    };
    let expires = match token.expires_at {
        Some(at) => view! {
            {format_datetime(at, &prefs)} " " <span class=badge>{status.label_in(language())}</span>
        }
        .into_any(),
        None => t("git-never-expires").into_any(),
    };
    let fetched = token.last_fetched_at.map_or_else(|| t("git-never-fetched"), |at| format_datetime(at, &prefs));
    let label = t_args("git-delete-label", &[("name", token.name.clone().into())]);
    let doomed = token.clone();
    view! {
        <tr data-testid="git-token-row">
            <th scope="row">{token.name.clone()}</th>
            <td>{token.provider.label_in(language())} <span class="hint agent">{token.url.clone()}</span></td>
            <td><code>{token.masked()}</code></td>
            <td>{format_datetime(token.created_at, &prefs)}</td>
            <td>{expires}</td>
            <td>{fetched}</td>
            <td class="row-actions">
                <button type="button" class="link danger" aria-label=label
                    on:click=move |_| confirm.set(Some(doomed.clone()))>{t("git-delete")}</button>
            </td>
        </tr>
    }
}

/// The add form, shown once the page is live: lazy, so with `--split` its code (`NewGitToken`'s
/// checks of an address and of a last day in the user's zone) is a chunk fetched after the page
/// works, not before it, as the API-keys page's dialogs are.
#[component]
fn LaterAddForm(add: ServerAction<AddGitToken>, zone: vestibule_domain::TimeZoneName) -> impl IntoView {
    view! {
        <WhenLive>
            {
                let zone = zone.clone();
                view! { <Suspense fallback=|| ()>{Suspend::new(async move { add_form(AddFormArgs { add, zone }).await })}</Suspense> }
            }
        </WhenLive>
    }
}

struct AddFormArgs {
    add: ServerAction<AddGitToken>,
    zone: vestibule_domain::TimeZoneName,
}

#[leptos::lazy]
fn add_form(args: AddFormArgs) -> AnyView {
    view! { <AddForm add=args.add zone=args.zone /> }.into_any()
}

/// The form that adds a token: every field checked by `NewGitToken::validate` as the server does.
#[component]
fn AddForm(add: ServerAction<AddGitToken>, zone: vestibule_domain::TimeZoneName) -> impl IntoView {
    let provider = RwSignal::new(GitProvider::Github.as_str().to_string());
    let (url, name, token, expires) = (FieldState::new(), FieldState::new(), FieldState::new(), FieldState::new());
    let request = move || NewGitToken {
        provider: provider.get(),
        url: url.value.get(),
        name: name.value.get(),
        token: token.value.get(),
        expires_on: expires.value.get(),
    };
    let local = Memo::new(move |_| request().validate(now_ms(), &zone).err().unwrap_or_default());
    let check = |field: &'static str| {
        Signal::derive(move || {
            local.with(|errors: &Vec<FieldError>| {
                errors.iter().find(|e| e.field == field).map(|e| e.message(language()))
            })
        })
    };
    let added = RwSignal::new(None::<String>);
    Effect::new(move |_| match add.value().get() {
        Some(Ok(info)) => {
            added.set(Some(t_args("git-added", &[("name", info.name.into())])));
            for field in [url, name, token, expires] {
                field.reset(String::new());
            }
        }
        Some(Err(e)) => {
            url.server_error.set(e.for_field("url"));
            name.server_error.set(e.for_field("name"));
            token.server_error.set(e.for_field("token"));
            expires.server_error.set(e.for_field("expires_on"));
            added.set(None);
        }
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        for field in [url, name, token, expires] {
            field.touched.set(true);
        }
        if local.with_untracked(Vec::is_empty) {
            add.dispatch(AddGitToken { request: untrack(request) });
        }
    };
    let language = language();
    let providers = GitProvider::ALL
        .iter()
        .map(|p| {
            let value = p.as_str();
            view! { <option value=value selected=move || provider.get() == value>{p.label_in(language)}</option> }
        })
        .collect_view();
    view! {
        <form class="git-add" on:submit=on_submit novalidate aria-labelledby="git-add-heading">
            <h2 id="git-add-heading">{t("git-add-title")}</h2>
            <div class="field">
                <label for="field-provider">{t("git-field-provider")}</label>
                <select id="field-provider" name="provider" on:change=move |ev| provider.set(event_target_value(&ev))>
                    {providers}
                </select>
            </div>
            <Field label=t("git-field-url") name="url" state=url check=check("url") hint=t("git-url-hint") />
            <Field label=t("git-field-name") name="name" state=name check=check("name") hint=t("git-name-hint") />
            <Field label=t("git-field-token") name="token" state=token check=check("token") kind="password"
                autocomplete="new-password" hint=t("git-token-hint") />
            <Field label=t("git-field-expires") name="expires_on" state=expires check=check("expires_on") kind="date"
                hint=t("git-expires-hint") />
            <p class="toast" role="status">{move || added.get()}</p>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || add.pending().get()>{t("git-add-submit")}</button>
            </div>
        </form>
    }
}

#[component]
fn DeleteDialog(
    token: GitTokenInfo,
    confirm: RwSignal<Option<GitTokenInfo>>,
    delete: ServerAction<DeleteGitToken>,
) -> impl IntoView {
    let id = token.id.clone();
    let error = move || match delete.value().get() {
        Some(Err(e)) => Some(e.0.message(language())),
        _ => None,
    };
    let title = t_args("git-delete-label", &[("name", token.name.clone().into())]);
    view! {
        <Modal title on_close=Callback::new(move |()| confirm.set(None))>
            <p>{t_args("git-delete-confirm", &[("name", token.name.clone().into())])}</p>
            <p class="form-error" role="alert">{error}</p>
            <div class="actions">
                <button type="button" class="danger" disabled=move || delete.pending().get()
                    on:click=move |_| { delete.dispatch(DeleteGitToken { id: id.clone() }); }>
                    {t("git-delete")}
                </button>
                <button type="button" autofocus on:click=move |_| confirm.set(None)>{t("common-cancel")}</button>
            </div>
        </Modal>
    }
}
