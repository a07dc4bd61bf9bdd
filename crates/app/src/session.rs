//! The session shared by every page: who is logged in, and the actions that change it.

use crate::api::auth::LogOut;
use crate::api::settings::{SettingsData, my_settings};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::{FromServerFnError, ServerFnUrlError};

/// Who is logged in, and the actions that change it. Provided once at the root.
#[derive(Clone, Copy)]
pub struct Session {
    pub log_out: ServerAction<LogOut>,
    /// The account and preferences, reloaded after a log-out and whenever an action made with
    /// [`Session::action`] (a log-in, a saved name or preference) completes.
    pub settings: Resource<Result<Option<SettingsData>, AppError>, crate::codec::Json>,
    /// Counts the completed actions that change the session.
    changed: RwSignal<u32>,
    /// Whether visitors may sign up (`VESTIBULE_SIGN_UP`): read by the server, carried to the browser.
    pub sign_up_open: bool,
    /// The single sign-on provider's name, when the operator configured one (`VESTIBULE_OIDC_NAME`).
    pub sso_name: StoredValue<Option<String>>,
}

impl Session {
    pub(crate) fn new() -> Self {
        let sign_up_open = SharedValue::new(sign_up_open).into_inner();
        let sso_name = StoredValue::new(SharedValue::new(sso_name).into_inner());
        let log_out = ServerAction::<LogOut>::new();
        let changed = RwSignal::new(0);
        let settings = crate::codec::resource(move || (log_out.version().get(), changed.get()), |_| my_settings());
        Self { log_out, settings, changed, sign_up_open, sso_name }
    }

    /// An action that calls server function `S` and then reloads the session, made by the page
    /// that uses it: its code (the arguments' encoding, the answer's decoding) then travels with
    /// that page instead of with every page. The reload runs when the answer arrives, even if the
    /// page has gone by then (a log-in redirects as it answers). Like `ServerAction::new`, it shows
    /// the error of a form the server answered without JavaScript.
    #[track_caller]
    pub fn action<S>(self) -> Action<S, Result<S::Output, S::Error>>
    where
        S: ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: FromServerFnError + Send + Sync + 'static,
    {
        let changed = self.changed;
        let error = use_context::<ServerActionError>().and_then(|error| {
            (error.path() == S::PATH).then(|| Err(ServerFnUrlError::<S::Error>::decode_err(error.err())))
        });
        Action::new_with_value(error, move |input: &S| {
            let call = S::run_on_client(input.clone());
            async move {
                let answer = call.await;
                changed.update(|n| *n = n.wrapping_add(1));
                answer
            }
        })
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
