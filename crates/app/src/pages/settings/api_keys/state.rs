//! What the API-keys page shares with its dialogs: the open dialog, the actions, the form context.

use crate::api::keys::{CreateKey, DeleteKey, RevealedKey, RotateKey, UpdateKey};
use leptos::prelude::*;
use vestibule_domain::api_keys::ApiKeyInfo;

/// Which dialog is open.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Open {
    Nothing,
    Generate,
    Reveal(RevealedKey),
    Edit(ApiKeyInfo),
    Rotate(ApiKeyInfo),
    Delete(ApiKeyInfo),
}

/// The page's actions and open dialog, shared with the dialogs.
#[derive(Clone, Copy)]
pub(crate) struct Keys {
    pub open: RwSignal<Open>,
    pub create: ServerAction<CreateKey>,
    pub update: ServerAction<UpdateKey>,
    pub rotate: ServerAction<RotateKey>,
    pub delete: ServerAction<DeleteKey>,
    /// Creating and rotating a key need a recent proof of the owner.
    pub reauth: crate::components::Reauth,
}

/// What the dialogs need besides the list: fixed for the visit, so they are never rebuilt under the user.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FormContext {
    pub catalog: vestibule_domain::api_keys::ScopeCatalog,
    pub policy: vestibule_domain::api_keys::KeyPolicy,
    pub preferences: vestibule_domain::Preferences,
    pub is_admin: bool,
}
