//! The session shared by every page: who is logged in, and the actions that change it.

use crate::api::auth::{LogIn, LogInSecondStep, LogOut, PasskeySignIn, SignUp};
use crate::api::settings::{SavePreferences, SetFullName, SettingsData, my_settings};
use crate::error::AppError;
use leptos::prelude::*;

/// Who is logged in, and the actions that change it. Provided once at the root.
#[derive(Clone, Copy)]
pub struct Session {
    pub sign_up: ServerAction<SignUp>,
    pub log_in: ServerAction<LogIn>,
    /// The log-in's second step (a code), when two-factor sign-in is on.
    pub second_step: ServerAction<LogInSecondStep>,
    /// A sign-in with a passkey, alone or as the second step.
    pub passkey_sign_in: ServerAction<PasskeySignIn>,
    pub log_out: ServerAction<LogOut>,
    pub set_full_name: ServerAction<SetFullName>,
    pub save_preferences: ServerAction<SavePreferences>,
    /// The account and preferences, reloaded whenever one of the actions above completes.
    pub settings: Resource<Result<Option<SettingsData>, AppError>>,
    /// Whether visitors may sign up (`VESTIBULE_SIGN_UP`): read by the server, carried to the browser.
    pub sign_up_open: bool,
    /// The single sign-on provider's name, when the operator configured one (`VESTIBULE_OIDC_NAME`).
    pub sso_name: StoredValue<Option<String>>,
}

impl Session {
    pub(crate) fn new() -> Self {
        let sign_up_open = SharedValue::new(sign_up_open).into_inner();
        let sso_name = StoredValue::new(SharedValue::new(sso_name).into_inner());
        let sign_up = ServerAction::<SignUp>::new();
        let log_in = ServerAction::<LogIn>::new();
        let second_step = ServerAction::<LogInSecondStep>::new();
        let passkey_sign_in = ServerAction::<PasskeySignIn>::new();
        let log_out = ServerAction::<LogOut>::new();
        let set_full_name = ServerAction::<SetFullName>::new();
        let save_preferences = ServerAction::<SavePreferences>::new();
        let settings = Resource::new(
            move || {
                let who = (
                    sign_up.version().get(),
                    log_in.version().get(),
                    second_step.version().get(),
                    passkey_sign_in.version().get(),
                    log_out.version().get(),
                );
                (who, set_full_name.version().get(), save_preferences.version().get())
            },
            |_| my_settings(),
        );
        Self {
            sign_up,
            log_in,
            second_step,
            passkey_sign_in,
            log_out,
            set_full_name,
            save_preferences,
            settings,
            sign_up_open,
            sso_name,
        }
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
