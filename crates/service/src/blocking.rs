//! CPU- and memory-heavy work (argon2, image decoding) runs off the async runtime, a few at a time:
//! a burst of requests waits its turn instead of starving the runtime or exhausting memory.

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

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads for one kind of heavy job (argon2). Unlike `Limited`, the jobs never
/// spread over the blocking pool: each of its up to 512 threads would keep the memory its allocator
/// arena grew to (19 MiB per hash), so a burst of log-ins left hundreds of MB behind. Here memory is
/// bounded by the thread count. The threads run at a lower priority (nice 10), so that while they
/// are busy the runtime's threads still get the cores first and API requests keep their latency.
#[derive(Clone)]
pub struct Workers {
    queue: std::sync::mpsc::Sender<Job>,
}

impl Workers {
    /// Starts `threads` threads named `name`; they end when the last clone of this handle is dropped.
    pub fn new(name: &str, threads: usize) -> Self {
        let (queue, jobs) = std::sync::mpsc::channel::<Job>();
        let jobs = Arc::new(std::sync::Mutex::new(jobs));
        for i in 0..threads.max(1) {
            let jobs = jobs.clone();
            let spawned = std::thread::Builder::new().name(format!("{name}-{i}")).spawn(move || {
                lower_priority();
                loop {
                    // The lock is held only while waiting for the next job, not while running it.
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!("cannot start the {name} thread {i}: {e}");
            }
        }
        Self { queue }
    }

    /// Runs `job` on one of the threads when one is free. A panic in `job` is an internal error.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            let _ = answer.send(outcome.unwrap_or_else(|_| Err(Error::internal("a worker job panicked"))));
        });
        self.queue.send(job).map_err(|_| Error::internal("the worker threads have stopped"))?;
        answered.await.map_err(|_| Error::internal("a worker job ended without an answer"))?
    }
}

/// Nice 10 for the calling thread (on Linux `setpriority(PRIO_PROCESS, 0)` names the calling
/// thread, each has its own); elsewhere nothing.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(None, 10) {
        tracing::debug!("could not lower the worker thread's priority: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_named_threads_and_panics_become_errors() {
        #[cfg(target_os = "linux")]
        let caller = rustix::process::getpriority_process(None).ok();
        let workers = Workers::new("test-worker", 2);
        let name = workers.run(|| Ok(std::thread::current().name().map(str::to_string))).await.unwrap();
        assert!(name.is_some_and(|n| n.starts_with("test-worker-")));
        #[cfg(target_os = "linux")]
        {
            let nice = workers.run(|| Ok(rustix::process::getpriority_process(None).ok())).await.unwrap();
            assert_eq!(nice, Some(10), "worker threads yield to the runtime's");
            // (Compared with before, not with 10: the tests themselves may run under `nice`.)
            assert_eq!(rustix::process::getpriority_process(None).ok(), caller, "only the workers are lowered");
        }
        let failed: Result<()> = workers.run(|| panic!("boom")).await;
        assert!(failed.is_err());
        // The thread survived the panic.
        assert_eq!(workers.run(|| Ok(7)).await.unwrap(), 7);
    }

    #[tokio::test]
    async fn at_most_the_thread_count_runs_at_once() {
        let workers = Workers::new("test-count", 2);
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let jobs = (0..8).map(|_| {
            let (running, most, workers) = (running.clone(), most.clone(), workers.clone());
            tokio::spawn(async move {
                workers
                    .run(move || {
                        use std::sync::atomic::Ordering::SeqCst;
                        let now = running.fetch_add(1, SeqCst) + 1;
                        most.fetch_max(now, SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, SeqCst);
                        Ok(())
                    })
                    .await
            })
        });
        for job in jobs.collect::<Vec<_>>() {
            job.await.unwrap().unwrap();
        }
        assert_eq!(most.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
