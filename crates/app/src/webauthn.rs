//! The browser's half of a passkey ceremony: `navigator.credentials.create()` or `.get()` with the
//! server's options (WebAuthn's JSON form, parsed by the browser itself), answering with
//! `PublicKeyCredential.toJSON()` as text. Everything goes through `Reflect`, so no binding of the
//! WebAuthn types is compiled in; on the server (never called there) it answers "unsupported".

use vestibule_domain::ValidationError;

/// Makes a new passkey with `options` (from `start_passkey`).
pub async fn create(options: &str) -> Result<String, ValidationError> {
    ceremony(options, true).await
}

/// Signs `options`' challenge with a passkey (from `start_passkey_sign_in`).
pub async fn get(options: &str) -> Result<String, ValidationError> {
    ceremony(options, false).await
}

#[cfg(feature = "hydrate")]
async fn ceremony(options: &str, create: bool) -> Result<String, ValidationError> {
    use js_sys::{Function, JSON, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let unsupported = |_| ValidationError::PasskeyUnsupported;
    let get = |on: &JsValue, name: &str| Reflect::get(on, &JsValue::from_str(name)).map_err(unsupported);
    let function = |on: &JsValue, name: &str| get(on, name)?.dyn_into::<Function>().map_err(unsupported);
    let window: JsValue = web_sys::window().ok_or(ValidationError::PasskeyUnsupported)?.into();
    let class = get(&window, "PublicKeyCredential")?;
    let parse = function(&class, if create { "parseCreationOptionsFromJSON" } else { "parseRequestOptionsFromJSON" })?;
    let json = JSON::parse(options).map_err(|_| ValidationError::PasskeyFailed)?;
    let public_key = parse.call1(&class, &json).map_err(|_| ValidationError::PasskeyFailed)?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key).map_err(unsupported)?;
    let credentials = get(&get(&window, "navigator")?, "credentials")?;
    let call = function(&credentials, if create { "create" } else { "get" })?;
    let promise: Promise = call.call1(&credentials, &request).map_err(refusal)?.dyn_into().map_err(unsupported)?;
    let credential = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(refusal)?;
    if credential.is_null() || credential.is_undefined() {
        return Err(ValidationError::PasskeyCancelled);
    }
    let answer = function(&credential, "toJSON")?.call0(&credential).map_err(unsupported)?;
    JSON::stringify(&answer).map_err(unsupported)?.as_string().ok_or(ValidationError::PasskeyUnsupported)
}

/// What the browser's refusal (a `DOMException`) means for the user.
#[cfg(feature = "hydrate")]
fn refusal(e: wasm_bindgen::JsValue) -> ValidationError {
    let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "AbortError" => ValidationError::PasskeyCancelled,
        "InvalidStateError" => ValidationError::PasskeyTaken,
        "SecurityError" => ValidationError::PasskeyHostName,
        "NotSupportedError" => ValidationError::PasskeyUnsupported,
        _ => ValidationError::PasskeyFailed,
    }
}

#[cfg(not(feature = "hydrate"))]
async fn ceremony(_options: &str, _create: bool) -> Result<String, ValidationError> {
    Err(ValidationError::PasskeyUnsupported)
}
