//! Settings → Profile: who you are here.

use crate::Session;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <Title text="Profile" />
        <h1>"Profile"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                session.account.await.ok().flatten().map(|account| {
                    view! {
                        <dl class="facts">
                            <dt>"Username"</dt>
                            <dd>
                                <span data-testid="username">{account.username}</span>
                                <span class="hint">" Usernames cannot be changed."</span>
                            </dd>
                            <dt>"Email"</dt>
                            <dd data-testid="email">{account.email}</dd>
                            <dt>"Full name"</dt>
                            <dd>
                                {if account.full_name.is_empty() {
                                    "Not set".to_string()
                                } else {
                                    account.full_name
                                }}
                            </dd>
                        </dl>
                    }
                })
            })}
        </Suspense>
    }
}
