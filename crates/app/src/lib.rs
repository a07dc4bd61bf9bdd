//! Vestibule's pages and components (Leptos), and the thin `#[server]` functions they call.
//! Compiled twice, into the WASM bundle (`hydrate`) and into the server (`ssr`); holds no rule of its own.

pub mod api;
mod app;
#[cfg(feature = "ssr")]
pub mod chunk_bundles;
mod codec;
pub mod components;
pub mod error;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
mod request;
mod session;
#[cfg(feature = "ssr")]
pub mod ssr;

mod webauthn;

pub use app::App;
#[cfg(feature = "ssr")]
pub use app::shell;
pub use session::Session;
