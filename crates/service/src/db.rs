//! The database: one pool and one set of queries for both engines (sqlx's `Any` driver, `$1`
//! placeholders, times as BIGINT milliseconds). Only the schema differs, in `migrations/<engine>/`.

use crate::config::SecretUrl;
use crate::{Result, Settings};
use sqlx::AnyPool;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    /// SQLite's one writer, taken in turn by this process's busiest writers (see `write_turn`).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// A write transaction that holds this process's turn to write on SQLite (see `Db::begin_write`).
pub struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

impl Db {
    /// Opens the configured database: PostgreSQL when `DATABASE_URL` names one, otherwise
    /// `vestibule.db` in the data directory (created with its folder on first start).
    pub async fn connect(settings: &Settings) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let (url, engine) = match settings.database_url.as_ref().map(SecretUrl::expose) {
            Some(url) if url.starts_with("postgres") => (url.to_string(), Engine::Postgres),
            Some(url) => (url.to_string(), Engine::Sqlite),
            None => {
                std::fs::create_dir_all(&settings.data_dir).map_err(|e| {
                    crate::Error::internal(format!("cannot create data directory {}: {e}", settings.data_dir.display()))
                })?;
                let path = settings.data_dir.join("vestibule.db");
                (format!("sqlite://{}?mode=rwc", path.display()), Engine::Sqlite)
            }
        };
        let mut options = AnyPoolOptions::new().max_connections(settings.db_max_connections);
        if engine == Engine::Sqlite {
            options = options.after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers run beside the one writer; FULL keeps every commit on disk.
                    // A writer waits up to 30 s for its turn: a burst of 200 log-ins (each writes
                    // its session, and each commit syncs) kept some waiting over 5 s on a busy
                    // machine, and a log-in that fails for waiting is worse than a slow one.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;",
                    )
                    .await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(&url)
            .await
            .map_err(|e| crate::Error::internal(format!("cannot open the database: {e}")))?;
        Ok(Self { pool, engine, writer: Default::default() })
    }

    /// On SQLite, this process's turn to write, in arrival order; `None` on PostgreSQL (row locks).
    /// SQLite has one writer, and its own wait for the lock retries with growing sleeps (up to
    /// 100 ms each), so under many concurrent writers some wait for seconds; writers that take a
    /// turn first wait in a fair queue instead. Taken by the writers that come in bursts (platform
    /// events, the outbox worker); the others still meet them at SQLite's lock, as before.
    pub async fn write_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.engine {
            Engine::Sqlite => Some(self.writer.clone().lock_owned().await),
            Engine::Postgres => None,
        }
    }

    /// A transaction begun within this process's turn to write (see `write_turn`). On SQLite it
    /// takes the file's write lock at once (`BEGIN IMMEDIATE`): a transaction that reads first and
    /// writes later would otherwise fail at once with "database is locked" when another process
    /// (the CLI, a second server) wrote in between, since SQLite cannot wait to upgrade a reader.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        let turn = self.write_turn().await;
        let tx = match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx { tx, _turn: turn })
    }

    /// Applies the migrations this engine has not seen yet (`Vestibule::start` then does the data
    /// steps SQL cannot do).
    pub async fn migrate(&self) -> Result<()> {
        match self.engine {
            Engine::Sqlite => SQLITE.run(&self.pool).await?,
            Engine::Postgres => POSTGRES.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}
