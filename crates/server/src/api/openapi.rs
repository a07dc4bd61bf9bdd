//! The OpenAPI 3.1 description of `/api/v1`, generated from the handlers' annotations.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Vestibule API", description = "Your profile, preferences, notifications, API keys and webhooks, and the platform's events. Authenticate with \
        `Authorization: Bearer vst_…`; every authenticated answer carries `Vestibule-Key-Expires` (RFC 3339)."),
    paths(
        super::me::get_me, super::me::patch_me, super::me::get_preferences, super::me::patch_preferences,
        super::keys::list, super::keys::create, super::keys::get, super::keys::update, super::keys::delete,
        super::keys::rotate, super::keys::verify, super::keys::revoke_leaked, super::notifications::get_notifications,
        super::notifications::patch_notifications, super::notifications::post_event,
        super::webhooks::event_types, super::webhooks::list, super::webhooks::create, super::webhooks::get,
        super::webhooks::update, super::webhooks::delete, super::webhooks::rotate_secret, super::webhooks::test,
        super::webhooks::deliveries, super::webhooks::redeliver, super::webhooks::redeliver_failed,
        super::webhooks::platform_event, super::git_tokens::list, super::git_tokens::fetch,
        super::me::user_preferences,
    ),
    modifiers(&Bearer, &Headers),
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("vst_<id>.<secret><checksum>".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The headers every answer of a bearer-authenticated operation may carry, declared once here.
struct Headers;

impl Modify for Headers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::header::Header;
        let header = |description: &str| {
            let mut header = Header::default();
            header.description = Some(description.into());
            header
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            // Public operations (the leak report) take no key: no key headers.
            for operation in
                operations.into_iter().flatten().filter(|o| o.security.as_ref().is_some_and(|s| !s.is_empty()))
            {
                for (status, response) in operation.responses.responses.iter_mut() {
                    let utoipa::openapi::RefOr::T(response) = response else { continue };
                    // Every answer after the key was accepted says when it expires.
                    if status != "401" {
                        let expires = header("When the key used expires (RFC 3339): renew before then.");
                        response.headers.insert("Vestibule-Key-Expires".into(), expires);
                    }
                    if status == "401" || status == "403" {
                        let challenge = header(
                            "Bearer realm=\"vestibule\", error=\"invalid_token\" (401) or error=\"insufficient_scope\", scope=\"…\" (403).",
                        );
                        response.headers.insert("WWW-Authenticate".into(), challenge);
                    }
                }
            }
        }
    }
}

/// The document this installation serves: the annotations plus every constraint the domain
/// enforces on bodies (`contract`), serialized once at start-up.
pub fn document(settings: &vestibule_service::Settings) -> String {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let missing = super::contract::constrain(&mut doc, settings);
    if !missing.is_empty() {
        tracing::warn!(?missing, "the OpenAPI document lacks properties that body rules were written for");
    }
    doc.to_string()
}
