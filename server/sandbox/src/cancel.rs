//! Cancellation from outside a run (the LSP's `$/cancelRequest`, a closed MCP request).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// A cheap, cloneable handle that stops a running snippet. Cancelling is idempotent and may
/// happen before the run starts (the run then ends as cancelled at once).
#[derive(Clone, Default, Debug)]
pub struct CancelHandle {
    inner: Arc<Inner>,
}

#[derive(Default, Debug)]
struct Inner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl CancelHandle {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the run to stop. Guest code is interrupted at its next epoch tick (≤ 10 ms) and
    /// a guest waiting in a host call is dropped at once.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Resolves once [`cancel`](Self::cancel) has been called.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}
