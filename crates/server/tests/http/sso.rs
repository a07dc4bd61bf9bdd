//! Single sign-on against a real OpenID Connect provider (PyPI `oidc-provider-mock`, installed by
//! `cargo xtask tools` into `target/xtask-tools/oidc-provider-mock`, started here on a free port):
//! a first sign-in creates the account (its username from the provider's, made unique), the next
//! ones find it; a state that is not the browser's and a nonce that is not the one sent are
//! refused; an account with the same address is linked only after its password.

use crate::support::{Engine, PASSWORD, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The provider, stopped when dropped.
pub struct Provider {
    child: Child,
    pub url: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    /// `None` (recorded as skipped) when the provider is not installed, outside CI.
    pub async fn start() -> Option<Self> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let python = root.join("target/xtask-tools/oidc-provider-mock/bin/python");
        if !python.exists() {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{} is missing (CI=true): run cargo xtask tools", python.display());
            }
            eprintln!("\n*** SKIPPED: no OpenID provider at {} (cargo xtask tools installs it)\n", python.display());
            crate::support::record_skip();
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(python)
            .args(["-m", "oidc_provider_mock", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the OpenID provider starts");
        let provider = Self { child, url: format!("http://127.0.0.1:{port}") };
        let client = reqwest::Client::new();
        let discovery = format!("{}/.well-known/openid-configuration", provider.url);
        for _ in 0..100 {
            if client.get(&discovery).send().await.is_ok_and(|r| r.status().is_success()) {
                return Some(provider);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the OpenID provider did not answer at {discovery}");
    }

    /// Gives the person `sub` these claims.
    pub async fn user(&self, sub: &str, claims: Value) {
        let reply = reqwest::Client::new().put(format!("{}/users/{sub}", self.url)).json(&claims).send().await.unwrap();
        assert!(reply.status().is_success(), "{}", reply.status());
    }

    /// The person `sub` says yes on the provider's page at `authorize`: where the provider sends
    /// the browser back.
    pub async fn authorize(&self, authorize: &str, sub: &str) -> String {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let reply = client.post(authorize).form(&[("sub", sub)]).send().await.unwrap();
        assert!(reply.status().is_redirection(), "{}: {}", reply.status(), reply.text().await.unwrap_or_default());
        reply.headers()["location"].to_str().unwrap().to_string()
    }
}

fn location(reply: &crate::support::Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.header("location").expect("a Location").to_string()
}

/// Begins a sign-in in `browser`: the provider's authorization URL.
async fn begin(app: &TestApp, browser: &reqwest::Client, next: &str) -> String {
    location(&app.get(browser, &format!("/login/sso?next={next}")).await)
}

/// Back from the provider: the path Vestibule sends the browser on to.
async fn back(app: &TestApp, browser: &reqwest::Client, callback: &str) -> crate::support::Reply {
    let path = callback.strip_prefix(&app.url("")).unwrap_or(callback).to_string();
    app.get(browser, &path).await
}

pub async fn sign_in_with_the_provider(engine: Engine) {
    let Some(provider) = Provider::start().await else { return };
    let issuer = provider.url.clone();
    let vars = [
        ("VESTIBULE_OIDC_ISSUER", issuer.as_str()),
        ("VESTIBULE_OIDC_CLIENT_ID", "vestibule"),
        ("VESTIBULE_OIDC_CLIENT_SECRET", "not so secret"),
        ("VESTIBULE_OIDC_NAME", "Acme ID"),
    ];
    crate::support::run_with(engine, &vars, |app| async move {
        let app = &*app;
        let claims = json!({"preferred_username": "alice", "email": "alice@example.com", "email_verified": true, "name": "Alice A"});
        provider.user("alice-sub", claims).await;

        // The log-in page offers it.
        assert!(app.get(&app.client(), "/login").await.body.contains("Sign in with Acme ID"));

        // A first sign-in creates the account, and lands where it was asked to.
        let browser = app.client();
        let authorize = begin(app, &browser, "/settings/security").await;
        assert!(authorize.starts_with(&provider.url), "{authorize}");
        assert!(authorize.contains("code_challenge=") && authorize.contains("nonce="), "{authorize}");
        let callback = provider.authorize(&authorize, "alice-sub").await;
        let reply = back(app, &browser, &callback).await;
        assert_eq!(location(&reply), "/settings/security");
        assert!(reply.session_cookie().is_some());
        let me = app.me(&browser).await;
        assert_eq!(me["username"], "alice");
        assert_eq!(me["full_name"], "Alice A");
        assert_eq!(me["email_verified"], true);
        assert_eq!(me["sso_only"], true);
        // No password of its own, and no second factor or passkey of ours: the provider's.
        assert_eq!(app.log_in(&app.client(), "alice", PASSWORD, None).await.status.as_u16(), 401);
        let forms: &[(&str, &[(&str, &str)])] = &[
            ("start_totp", &[]),
            ("start_passkey", &[]),
            ("reauthenticate", &[("secret", PASSWORD)]),
            ("change_password", &[("current_password", PASSWORD), ("new_password", "another long password 9"), ("sign_out_others", "false")]),
        ];
        for (name, form) in forms {
            let reply = app.call(&browser, name, form).await;
            assert_eq!(reply.status.as_u16(), 403, "{name}: {}", reply.body);
            assert_eq!(reply.json(), json!("SsoManaged"), "{name}");
        }

        // The next sign-in finds it; another person who also calls themselves alice gets alice-2.
        let again = app.client();
        let callback = provider.authorize(&begin(app, &again, "/settings").await, "alice-sub").await;
        assert_eq!(location(&back(app, &again, &callback).await), "/settings");
        assert_eq!(app.me(&again).await["id"], me["id"]);
        let other = json!({"preferred_username": "alice", "email": "alice2@example.com", "email_verified": true});
        provider.user("other-sub", other).await;
        let third = app.client();
        let callback = provider.authorize(&begin(app, &third, "/settings").await, "other-sub").await;
        back(app, &third, &callback).await;
        assert_eq!(app.me(&third).await["username"], "alice-2");

        // A state that is not the one this browser was given: refused, no session.
        let browser = app.client();
        let callback = provider.authorize(&begin(app, &browser, "/settings").await, "alice-sub").await;
        let stranger = app.client();
        let reply = back(app, &stranger, &callback).await;
        assert_eq!(location(&reply), "/login?sso=failed");
        assert!(reply.session_cookie().is_none());
        let forged = callback.replace("state=", "state=x");
        let reply = back(app, &browser, &forged).await;
        assert_eq!(location(&reply), "/login?sso=failed");
        assert!(reply.session_cookie().is_none());
        // A failed attempt ends the sign-in in this browser: it starts again.
        let reply = back(app, &browser, &callback).await;
        assert_eq!(location(&reply), "/login?sso=failed");
        // A state is good once.
        let browser = app.client();
        let callback = provider.authorize(&begin(app, &browser, "/settings").await, "alice-sub").await;
        assert!(back(app, &browser, &callback).await.session_cookie().is_some());
        let replay = app.client();
        let state = callback.split("state=").nth(1).unwrap().split('&').next().unwrap().to_string();
        replay.get(app.url("/")).send().await.unwrap();
        let reply = app
            .send(replay.get(app.url(callback.strip_prefix(&app.url("")).unwrap())).header("cookie", format!("vestibule_sso={state}")))
            .await;
        assert_eq!(location(&reply), "/login?sso=failed", "a state is good once");

        // A nonce that is not the one sent (the ID token carries what the provider was told).
        let browser = app.client();
        let authorize = begin(app, &browser, "/settings").await;
        let mut url = reqwest::Url::parse(&authorize).unwrap();
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.to_string(), if k == "nonce" { "forged".to_string() } else { v.to_string() }))
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        let callback = provider.authorize(url.as_str(), "alice-sub").await;
        let reply = back(app, &browser, &callback).await;
        assert_eq!(location(&reply), "/login?sso=failed");
        assert!(reply.session_cookie().is_none());

        // An account with the same address is linked only after its password, and only when both
        // sides proved the address.
        let bob = app.client();
        app.signed_up(&bob, "bob", "bob@example.com").await;
        provider.user("bob-sub", json!({"preferred_username": "robert", "email": "bob@example.com", "email_verified": true})).await;
        let browser = app.client();
        let callback = provider.authorize(&begin(app, &browser, "/settings").await, "bob-sub").await;
        assert_eq!(location(&back(app, &browser, &callback).await), "/login?sso=failed", "bob's address is not proven yet");
        let welcome = crate::settings::token_in(&app.mail_to("bob@example.com").await);
        assert_eq!(app.call(&app.client(), "confirm_email", &[("token", &welcome)]).await.status.as_u16(), 200);
        provider.user("claims-bob", json!({"email": "bob@example.com", "email_verified": false})).await;
        let browser = app.client();
        let callback = provider.authorize(&begin(app, &browser, "/settings").await, "claims-bob").await;
        assert_eq!(location(&back(app, &browser, &callback).await), "/login?sso=failed", "the provider did not prove it");
        let browser = app.client();
        let callback = provider.authorize(&begin(app, &browser, "/settings").await, "bob-sub").await;
        let reply = back(app, &browser, &callback).await;
        assert_eq!(location(&reply), "/login/sso/link");
        assert!(reply.session_cookie().is_none());
        let page = app.get(&browser, "/login/sso/link").await;
        assert!(page.body.contains("Acme ID"), "{}", page.body);
        let wrong = app.call(&browser, "link_sso", &[("password", "not the password at all")]).await;
        assert_eq!(wrong.status.as_u16(), 422, "{}", wrong.body);
        let right = app.call(&browser, "link_sso", &[("password", PASSWORD)]).await;
        right.assert_redirects_to("/settings");
        assert_eq!(app.me(&browser).await["username"], "bob");
        let later = app.client();
        let callback = provider.authorize(&begin(app, &later, "/settings").await, "bob-sub").await;
        back(app, &later, &callback).await;
        assert_eq!(app.me(&later).await["username"], "bob", "linked for good");
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'sso.created'").await, 2);
        assert_eq!(app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'sso.linked'").await, 1);

        // An account with two-factor sign-in is not linked by a password alone.
        let (_, _, _) = crate::two_factor::with_two_factor(app, "tia").await;
        provider.user("tia-sub", json!({"email": "tia@example.com", "email_verified": true})).await;
        let browser = app.client();
        let callback = provider.authorize(&begin(app, &browser, "/settings").await, "tia-sub").await;
        assert_eq!(location(&back(app, &browser, &callback).await), "/login/sso/link");
        let reply = app.call(&browser, "link_sso", &[("password", PASSWORD)]).await;
        assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
        assert!(reply.body.contains("two-factor"), "{}", reply.body);
        assert_eq!(app.me(&browser).await, Value::Null);
    })
    .await;
}
