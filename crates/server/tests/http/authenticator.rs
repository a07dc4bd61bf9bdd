//! A software passkey for the WebAuthn tests: it plays the browser and a platform authenticator,
//! so the server's ceremonies run end to end on real keys and signatures, without mocks.
//! It takes the options JSON the server sends and answers with what `PublicKeyCredential.toJSON()`
//! gives in a browser; where a browser would refuse, it returns the `DOMException`'s name and why.
//! Its passkeys are discoverable, ES256, "none" attestation, user verified and device-bound (not
//! backed up, so the server sees the same backup flags at every sign-in).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, SigningKey};
use serde_cbor_2::Value as Cbor;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// COSE algorithm ES256 (ECDSA on P-256 with SHA-256): the only kind of key made here.
const ES256: i64 = -7;
// Authenticator data flags: user present, user verified, attested credential data included.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;
/// DER `SubjectPublicKeyInfo` of a P-256 key up to the 65-byte uncompressed point, for the
/// `publicKey` that `toJSON()` adds to a registration.
const P256_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
    0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

/// One passkey held by the authenticator.
#[derive(Clone)]
struct Credential {
    id: Vec<u8>,
    key: SigningKey,
    rp_id: String,
    user_handle: Vec<u8>,
    /// 0 when created, one more at each sign-in (the server flags a counter that goes back).
    counter: u32,
}

/// A phone or laptop with its browser: holds passkeys and answers `navigator.credentials` calls.
/// Cloning it copies the keys and counters, as a cloned authenticator would.
#[derive(Clone, Default)]
pub struct SoftAuthenticator {
    credentials: Vec<Credential>,
}

impl SoftAuthenticator {
    /// An authenticator that holds no passkey yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers `navigator.credentials.create()`: `options` is the JSON the server sent, either
    /// `{"publicKey": {...}}` or the inner object; `origin` is the page's, e.g. `http://localhost:1234`.
    /// Makes a passkey (replacing one it holds for the same site and user, as platforms do) and
    /// returns the registration as `toJSON()` gives it. Refuses with "InvalidStateError" when it
    /// already holds a credential in `excludeCredentials`.
    pub fn create(&mut self, options: &Value, origin: &str) -> Result<Value, String> {
        let options = options.get("publicKey").unwrap_or(options);
        let rp_id = rp_id(options.pointer("/rp/id"), origin)?;
        let challenge = decode(options.get("challenge"), "challenge")?;
        let user_handle = decode(options.pointer("/user/id"), "user.id")?;
        if user_handle.is_empty() || user_handle.len() > 64 {
            return Err("TypeError: user.id must be 1 to 64 bytes".into());
        }
        let es256_offered = options["pubKeyCredParams"]
            .as_array()
            .is_some_and(|params| params.iter().any(|param| param["type"] == "public-key" && param["alg"] == ES256));
        if !es256_offered {
            return Err("NotSupportedError: ES256 is not among pubKeyCredParams".into());
        }
        for excluded in descriptor_ids(options, "excludeCredentials")? {
            if self.credentials.iter().any(|held| held.rp_id == rp_id && held.id == excluded) {
                return Err("InvalidStateError: this authenticator already holds an excluded credential".into());
            }
        }

        let id = random_bytes::<16>().to_vec();
        let key = new_key();
        let point = key.verifying_key().to_sec1_point(false);
        // 0x04 ‖ x ‖ y.
        let point = point.as_bytes();
        let cose_key = cbor_map([
            (Cbor::Integer(1), Cbor::Integer(2)),
            (Cbor::Integer(3), Cbor::Integer(ES256.into())),
            (Cbor::Integer(-1), Cbor::Integer(1)),
            (Cbor::Integer(-2), Cbor::Bytes(point[1..33].to_vec())),
            (Cbor::Integer(-3), Cbor::Bytes(point[33..65].to_vec())),
        ]);
        let mut auth_data = authenticator_data(&rp_id, UP | UV | AT, 0);
        // A zero AAGUID, as authenticators give under "none" attestation.
        auth_data.extend([0; 16]);
        auth_data.extend(u16::try_from(id.len()).expect("a 16-byte id").to_be_bytes());
        auth_data.extend(&id);
        auth_data.extend(cbor(&cose_key));
        let attestation_object = cbor(&cbor_map([
            (Cbor::Text("fmt".into()), Cbor::Text("none".into())),
            (Cbor::Text("attStmt".into()), cbor_map([])),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth_data.clone())),
        ]));
        let client_data = client_data_json("webauthn.create", &challenge, origin);
        // Browsers report credProps when asked; every passkey made here is discoverable.
        let extensions = if options.pointer("/extensions/credProps") == Some(&Value::Bool(true)) {
            json!({"credProps": {"rk": true}})
        } else {
            json!({})
        };
        let public_key = [P256_SPKI_PREFIX.as_slice(), point].concat();

        self.credentials.retain(|held| held.rp_id != rp_id || held.user_handle != user_handle);
        self.credentials.push(Credential { id: id.clone(), key, rp_id, user_handle, counter: 0 });
        Ok(json!({
            "id": encode(&id),
            "rawId": encode(&id),
            "type": "public-key",
            "response": {
                "clientDataJSON": encode(&client_data),
                "authenticatorData": encode(&auth_data),
                "transports": ["internal"],
                "publicKey": encode(&public_key),
                "publicKeyAlgorithm": ES256,
                "attestationObject": encode(&attestation_object),
            },
            "clientExtensionResults": extensions,
            "authenticatorAttachment": "platform",
        }))
    }

    /// Answers `navigator.credentials.get()`: signs with a passkey it holds for the options' rpId
    /// that is in `allowCredentials`, or with its newest one for that site when the list is empty
    /// (a discoverable sign-in), and counts the use. Returns the assertion as `toJSON()` gives it.
    /// Refuses with "NotAllowedError" when it holds no such passkey.
    pub fn get(&mut self, options: &Value, origin: &str) -> Result<Value, String> {
        let options = options.get("publicKey").unwrap_or(options);
        let rp_id = rp_id(options.get("rpId"), origin)?;
        let challenge = decode(options.get("challenge"), "challenge")?;
        let allowed = descriptor_ids(options, "allowCredentials")?;
        let credential = self
            .credentials
            .iter_mut()
            .rev()
            .find(|held| held.rp_id == rp_id && (allowed.is_empty() || allowed.contains(&held.id)))
            .ok_or("NotAllowedError: no passkey for this site among those allowed")?;

        credential.counter += 1;
        let auth_data = authenticator_data(&rp_id, UP | UV, credential.counter);
        let client_data = client_data_json("webauthn.get", &challenge, origin);
        let signed = [auth_data.as_slice(), Sha256::digest(&client_data).as_slice()].concat();
        let signature: DerSignature = credential.key.sign(&signed);
        Ok(json!({
            "id": encode(&credential.id),
            "rawId": encode(&credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": encode(&client_data),
                "authenticatorData": encode(&auth_data),
                "signature": encode(signature.as_bytes()),
                "userHandle": encode(&credential.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }))
    }
}

/// The RP ID the options name, or the origin's host when they name none (as browsers default it);
/// like a browser, refuses one that the origin's host is neither equal to nor a subdomain of.
fn rp_id(given: Option<&Value>, origin: &str) -> Result<String, String> {
    let host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let host = host.split([':', '/']).next().unwrap_or_default();
    let rp_id = match given {
        Some(id) => id.as_str().ok_or("TypeError: the RP ID is not a string")?,
        None => host,
    };
    if host != rp_id && !host.ends_with(&format!(".{rp_id}")) {
        return Err(format!("SecurityError: RP ID {rp_id:?} does not match origin {origin:?}"));
    }
    Ok(rp_id.to_owned())
}

/// The credential ids of `excludeCredentials` or `allowCredentials` (none when absent).
fn descriptor_ids(options: &Value, list: &str) -> Result<Vec<Vec<u8>>, String> {
    let Some(descriptors) = options.get(list) else { return Ok(Vec::new()) };
    let descriptors = descriptors.as_array().ok_or(format!("TypeError: {list} is not a list"))?;
    descriptors.iter().map(|descriptor| decode(descriptor.get("id"), list)).collect()
}

/// clientDataJSON in the browser's key order; the challenge comes back as the browser encodes it.
fn client_data_json(kind: &str, challenge: &[u8], origin: &str) -> Vec<u8> {
    let string = |text: &str| Value::from(text).to_string();
    format!(
        r#"{{"type":{},"challenge":{},"origin":{},"crossOrigin":false}}"#,
        string(kind),
        string(&encode(challenge)),
        string(origin)
    )
    .into_bytes()
}

/// rpIdHash ‖ flags ‖ signCount, the part common to registrations and sign-ins.
fn authenticator_data(rp_id: &str, flags: u8, counter: u32) -> Vec<u8> {
    let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
    data.push(flags);
    data.extend(counter.to_be_bytes());
    data
}

fn new_key() -> SigningKey {
    // Almost every 32 random bytes are a valid P-256 scalar; the rare others are drawn again.
    loop {
        if let Ok(key) = SigningKey::from_slice(&random_bytes::<32>()) {
            return key;
        }
    }
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).expect("the OS gives random bytes");
    bytes
}

fn cbor_map<const N: usize>(entries: [(Cbor, Cbor); N]) -> Cbor {
    // The map orders its keys as canonical CBOR does, which is how authenticators encode.
    Cbor::Map(BTreeMap::from(entries))
}

fn cbor(value: &Cbor) -> Vec<u8> {
    serde_cbor_2::to_vec(value).expect("a CBOR value encodes")
}

fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Base64url (padded or not) from the options; a TypeError, as in a browser, when it is not.
fn decode(value: Option<&Value>, what: &str) -> Result<Vec<u8>, String> {
    let text = value.and_then(Value::as_str).ok_or(format!("TypeError: no {what}"))?;
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|error| format!("TypeError: {what} is not base64url: {error}"))
}
