//! CPU- and memory-heavy work (argon2, image decoding) runs on blocking threads, a few at a time:
//! a burst of requests waits for a permit instead of starving the runtime or exhausting memory.

use crate::{Error, Result};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// `spawn_blocking` behind a semaphore: at most `concurrency` jobs run at once, the rest wait.
#[derive(Clone)]
pub struct Limited {
    permits: Arc<Semaphore>,
}

impl Limited {
    pub fn new(concurrency: usize) -> Self {
        Self { permits: Arc::new(Semaphore::new(concurrency.max(1))) }
    }

    /// One job per core: for work whose memory is bounded per job (an image decode, say).
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    }

    /// Permits free right now (tests wait on it instead of sleeping).
    #[cfg(test)]
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Runs `job` on a blocking thread once a permit is free; the permit is held until it returns.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
        let _permit = self.permits.acquire().await.map_err(|e| Error::internal(e.to_string()))?;
        tokio::task::spawn_blocking(job).await.map_err(|e| Error::internal(format!("blocking task: {e}")))?
    }
}
