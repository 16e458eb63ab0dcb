//! SQLite's hot write transactions run on a thread of their own.
//!
//! SQLite has one writer at a time, and each statement of a transaction is a round trip to the
//! writing connection's thread. On the request workers, each answer waited until a worker
//! finished what it was doing (checking a signature, rendering a page) before the transaction
//! could send its next statement, and every other writer waited behind it: passkey sign-ins
//! left a third of the machine idle while they queued for the database (docs/PERFORMANCE.md,
//! "Passkey sign-in"). On a thread that does nothing else, the answer is taken up at once.
//! PostgreSQL locks rows, not the database: there the work runs where it is.

use std::future::Future;

use tokio::runtime::Handle;
use tokio::sync::oneshot;

use crate::error::{AppError, AppResult};

/// The thread, when the database has a single writer; it ends when this is dropped.
pub struct WriteThread {
    handle: Option<Handle>,
    _stop: Option<oneshot::Sender<()>>,
}

impl WriteThread {
    /// Starts the thread when `one_writer` (SQLite); otherwise work runs in place.
    ///
    /// # Errors
    /// When the thread or its runtime cannot be made.
    pub fn start(one_writer: bool) -> std::io::Result<Self> {
        if !one_writer {
            return Ok(Self {
                handle: None,
                _stop: None,
            });
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("twofold-writer".into())
            .spawn(move || {
                // Dropping the sender (or sending) ends the thread; work still running then is
                // dropped, and its transaction rolls back.
                let _ = runtime.block_on(stopped);
            })?;
        Ok(Self {
            handle: Some(handle),
            _stop: Some(stop),
        })
    }

    /// Runs `work` on the thread and waits for it. Dropped before it finishes (a cancelled or
    /// timed-out request), the work is cancelled too, as it would be in place: its transaction
    /// rolls back and nothing is half applied.
    ///
    /// # Errors
    /// The work's own, or `Internal` when it panicked or the thread has stopped.
    pub async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        F: Future<Output = AppResult<T>> + Send + 'static,
        T: Send + 'static,
    {
        let Some(handle) = &self.handle else {
            return work.await;
        };
        // The request's language and tracing span go along: emails written there speak it,
        // and what it logs is the request's.
        let work = tracing::Instrument::in_current_span(crate::i18n::carried(work));
        let mut running = AbortOnDrop(handle.spawn(work));
        match (&mut running.0).await {
            Ok(result) => result,
            Err(e) => Err(AppError::internal_from("the writing thread", e)),
        }
    }
}

/// A task that is cancelled when whoever waits for it stops waiting.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::WriteThread;
    use crate::error::AppError;

    #[tokio::test]
    async fn work_runs_on_the_thread_and_its_answer_comes_back() {
        let t = WriteThread::start(true).unwrap_or_else(|e| panic!("{e}"));
        let name = t
            .run(async { Ok(std::thread::current().name().map(str::to_owned)) })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(name.as_deref(), Some("twofold-writer"));
        let failed: Result<(), AppError> = t.run(async { Err(AppError::InvalidCode) }).await;
        assert!(matches!(failed, Err(AppError::InvalidCode)));
    }

    #[tokio::test]
    async fn without_one_writer_work_runs_in_place() {
        let t = WriteThread::start(false).unwrap_or_else(|e| panic!("{e}"));
        let here = std::thread::current().id();
        let there = t
            .run(async { Ok(std::thread::current().id()) })
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(here, there);
    }

    #[tokio::test]
    async fn work_whose_caller_stops_waiting_is_cancelled() {
        let t = WriteThread::start(true).unwrap_or_else(|e| panic!("{e}"));
        let (started, has_started) = tokio::sync::oneshot::channel::<()>();
        let (held, dropped) = tokio::sync::oneshot::channel::<()>();
        let mut waiting = Box::pin(t.run(async move {
            // Held until the work is dropped: its sender's drop is the sign of cancellation.
            let _held = held;
            let _ = started.send(());
            std::future::pending::<()>().await;
            Ok(())
        }));
        tokio::select! {
            _ = &mut waiting => panic!("pending work finished"),
            s = has_started => s.unwrap_or_else(|e| panic!("{e}")),
        }
        drop(waiting);
        assert!(dropped.await.is_err(), "the work was not cancelled");
    }
}
