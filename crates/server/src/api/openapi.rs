//! The OpenAPI 3.1 description of `/api/v1`, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Vestibule API", description = "Your profile, preferences and API keys. Authenticate with \
        `Authorization: Bearer vst_…`; every authenticated answer carries `Vestibule-Key-Expires` (RFC 3339)."),
    paths(
        super::me::get_me, super::me::patch_me, super::me::get_preferences, super::me::patch_preferences,
        super::keys::list, super::keys::create, super::keys::get, super::keys::update, super::keys::delete,
        super::keys::rotate, super::keys::verify,
    ),
    modifiers(&Bearer),
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

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
