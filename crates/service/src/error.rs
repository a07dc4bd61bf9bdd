//! The service's error: a `UserError` for the user; internal causes are logged here and dropped.

pub use vestibule_domain::UserError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub UserError);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Logs the cause and answers the user with a plain apology.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self(UserError::Internal)
    }

    /// A refused value, with its field.
    pub fn invalid(field: &str, error: vestibule_domain::ValidationError) -> Self {
        Self(UserError::Invalid(vec![error.on(field)]))
    }
}

impl From<UserError> for Error {
    fn from(e: UserError) -> Self {
        Self(e)
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(format_args!("database: {e}"))
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Self::internal(format_args!("migration: {e}"))
    }
}

/// Whether a database error is a unique-key violation on a constraint or column named like `what`.
pub fn is_unique_violation(e: &sqlx::Error, what: &str) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let msg = db.message().to_lowercase();
            let constraint = db.constraint().unwrap_or_default().to_lowercase();
            (db.is_unique_violation() || msg.contains("unique")) && (constraint.contains(what) || msg.contains(what))
        }
        _ => false,
    }
}
