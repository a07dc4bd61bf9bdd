//! Server functions answer in postcard (`vestibule_app::api::Answer`), which carries no field
//! names: the tests read an answer as the JSON of the same value, decoded with the type the
//! browser decodes it with. A decoding failure fails the test (the wire format is what is tested).

use leptos::server_fn::ServerFn;
use serde::Serialize;
use serde::de::DeserializeOwned;
use vestibule_app::api::{audit, auth, git_tokens, keys, notifications, security, settings, support, webhooks};
use vestibule_app::error::AppError;

/// The answer of `/fn/<name>` as JSON text: its error (`serverfnerror`) or its value.
pub fn as_json(name: &str, error: bool, bytes: &[u8]) -> String {
    if error {
        return match postcard::from_bytes::<AppError>(bytes) {
            Ok(e) => to_json(&e),
            Err(e) => panic!("/fn/{name}: an error that is not an AppError in postcard ({e}): {bytes:?}"),
        };
    }
    let decoded = match name {
        "my_audit_log" => json::<audit::MyAuditLog>(bytes),
        "sign_up" => json::<auth::SignUp>(bytes),
        "log_in" => json::<auth::LogIn>(bytes),
        "log_in_second_step" => json::<auth::LogInSecondStep>(bytes),
        "start_passkey_sign_in" => json::<auth::StartPasskeySignIn>(bytes),
        "passkey_sign_in" => json::<auth::PasskeySignIn>(bytes),
        "log_out" => json::<auth::LogOut>(bytes),
        "me" => json::<auth::Me>(bytes),
        "link_sso" => json::<auth::LinkSso>(bytes),
        "my_git_tokens" => json::<git_tokens::MyGitTokens>(bytes),
        "add_git_token" => json::<git_tokens::AddGitToken>(bytes),
        "delete_git_token" => json::<git_tokens::DeleteGitToken>(bytes),
        "my_keys" => json::<keys::MyKeys>(bytes),
        "create_key" => json::<keys::CreateKey>(bytes),
        "update_key" => json::<keys::UpdateKey>(bytes),
        "rotate_key" => json::<keys::RotateKey>(bytes),
        "delete_key" => json::<keys::DeleteKey>(bytes),
        "my_notifications" => json::<notifications::MyNotifications>(bytes),
        "save_notifications" => json::<notifications::SaveNotifications>(bytes),
        "change_password" => json::<security::ChangePassword>(bytes),
        "my_security" => json::<security::MySecurity>(bytes),
        "my_passkeys" => json::<security::MyPasskeys>(bytes),
        "start_passkey" => json::<security::StartPasskey>(bytes),
        "add_passkey" => json::<security::AddPasskey>(bytes),
        "rename_passkey" => json::<security::RenamePasskey>(bytes),
        "remove_passkey" => json::<security::RemovePasskey>(bytes),
        "my_sessions" => json::<security::MySessions>(bytes),
        "sign_out_session" => json::<security::SignOutSession>(bytes),
        "sign_out_other_sessions" => json::<security::SignOutOtherSessions>(bytes),
        "my_two_factor" => json::<security::MyTwoFactor>(bytes),
        "start_totp" => json::<security::StartTotp>(bytes),
        "confirm_totp" => json::<security::ConfirmTotp>(bytes),
        "new_recovery_codes" => json::<security::NewRecoveryCodes>(bytes),
        "turn_off_two_factor" => json::<security::TurnOffTwoFactor>(bytes),
        "reauthenticate" => json::<security::Reauthenticate>(bytes),
        "has_passkeys" => json::<security::HasPasskeys>(bytes),
        "start_passkey_proof" => json::<security::StartPasskeyProof>(bytes),
        "reauthenticate_with_passkey" => json::<security::ReauthenticateWithPasskey>(bytes),
        "my_settings" => json::<settings::MySettings>(bytes),
        "rules_of_zone" => json::<settings::RulesOfZone>(bytes),
        "time_zones" => json::<settings::TimeZones>(bytes),
        "save_preferences" => json::<settings::SavePreferences>(bytes),
        "set_full_name" => json::<settings::SetFullName>(bytes),
        "change_email" => json::<settings::ChangeEmail>(bytes),
        "resend_email_change" => json::<settings::ResendEmailChange>(bytes),
        "cancel_email_change" => json::<settings::CancelEmailChange>(bytes),
        "confirm_email" => json::<settings::ConfirmEmail>(bytes),
        "resend_verification" => json::<settings::ResendVerification>(bytes),
        "remove_avatar" => json::<settings::RemoveAvatar>(bytes),
        "grant_support" => json::<support::GrantSupport>(bytes),
        "revoke_support" => json::<support::RevokeSupport>(bytes),
        "support_accounts" => json::<support::SupportAccounts>(bytes),
        "act_as" => json::<support::ActAs>(bytes),
        "end_acting" => json::<support::EndActing>(bytes),
        "acting" => json::<support::WhoActs>(bytes),
        "my_webhooks" => json::<webhooks::MyWebhooks>(bytes),
        "create_webhook" => json::<webhooks::CreateWebhook>(bytes),
        "change_webhook" => json::<webhooks::ChangeWebhook>(bytes),
        _ => panic!("/fn/{name} answers in postcard: add it to tests/http/answers.rs"),
    };
    decoded.unwrap_or_else(|e| panic!("/fn/{name}: not its answer in postcard ({e}): {bytes:?}"))
}

fn json<S: ServerFn>(bytes: &[u8]) -> Result<String, postcard::Error>
where
    S::Output: Serialize + DeserializeOwned,
{
    postcard::from_bytes::<S::Output>(bytes).map(|value| to_json(&value))
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("a decoded answer is JSON")
}
