//! The session shared by every page: who is logged in, and the actions that change it.

use crate::api::auth::LogOut;
use crate::api::settings::{SettingsData, my_settings};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use std::any::{Any, TypeId};

/// Who is logged in, and the actions that change it. Provided once at the root.
#[derive(Clone, Copy)]
pub struct Session {
    pub log_out: ServerAction<LogOut>,
    /// The account and preferences, reloaded after a log-out and whenever an action made with
    /// [`Session::action`] (a log-in, a saved name or preference) completes.
    pub settings: Resource<Result<Option<SettingsData>, AppError>, crate::codec::Postcard>,
    /// Counts the completed actions that change the session.
    changed: RwSignal<u32>,
    /// The actions made by [`Session::action`], one per server function, and the root's owner,
    /// which owns them.
    actions: StoredValue<Vec<(TypeId, Box<dyn Any + Send + Sync>)>>,
    owner: StoredValue<Owner>,
    /// Whether visitors may sign up (`VESTIBULE_SIGN_UP`): read by the server, carried to the browser.
    pub sign_up_open: bool,
    /// The single sign-on provider's name, when the operator configured one (`VESTIBULE_OIDC_NAME`).
    pub sso_name: StoredValue<Option<String>>,
}

impl Session {
    pub(crate) fn new() -> Self {
        let sign_up_open = crate::codec::shared(sign_up_open);
        let sso_name = StoredValue::new(crate::codec::shared(sso_name));
        let log_out = ServerAction::<LogOut>::new();
        let changed = RwSignal::new(0);
        let settings = crate::codec::resource(move || (log_out.version().get(), changed.get()), |_| my_settings());
        let actions = StoredValue::new(Vec::new());
        let owner = StoredValue::new(Owner::current().unwrap_or_default());
        Self { log_out, settings, changed, actions, owner, sign_up_open, sso_name }
    }

    /// The action that calls server function `S` and then reloads the session (a log-in, a saved
    /// name or preference). Asked for by the page that uses it, so its code (the arguments'
    /// encoding, the answer's decoding) travels with that page instead of with every page; made
    /// once and owned by the root, so its answer outlives the page's views (a "saved" line stays
    /// when the session's reload or a new language renders the page again). The reload runs when
    /// the answer arrives, even if the page has gone (a log-in redirects as it answers).
    pub fn action<S>(self) -> Action<S, Result<S::Output, S::Error>>
    where
        S: ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        type Made<S> = Action<S, Result<<S as ServerFn>::Output, <S as ServerFn>::Error>>;
        let key = TypeId::of::<S>();
        let made = self.actions.with_value(|actions| {
            actions.iter().find(|(k, _)| *k == key).and_then(|(_, a)| a.downcast_ref::<Made<S>>().copied())
        });
        if let Some(action) = made {
            return action;
        }
        let changed = self.changed;
        let action: Made<S> = self.owner.with_value(|owner| {
            owner.with(|| {
                Action::new(move |input: &S| {
                    let call = S::run_on_client(input.clone());
                    async move {
                        let answer = call.await;
                        changed.update(|n| *n = n.wrapping_add(1));
                        answer
                    }
                })
            })
        });
        self.actions.update_value(|actions| actions.push((key, Box::new(action))));
        action
    }
}

/// The operator's sign-up setting; in the browser outside hydration it is unknown, and open is
/// assumed (the server refuses a closed sign-up itself).
fn sign_up_open() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(v) = use_context::<vestibule_service::Vestibule>() {
        return v.settings.sign_up.open;
    }
    true
}

/// The single sign-on provider's name, if the operator configured one (read by the server, carried
/// to the browser).
fn sso_name() -> Option<String> {
    #[cfg(feature = "ssr")]
    if let Some(v) = use_context::<vestibule_service::Vestibule>() {
        return v.settings.oidc.as_ref().map(|o| o.name.clone());
    }
    None
}
