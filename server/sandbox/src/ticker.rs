//! The epoch ticker: one thread per engine that advances the epoch every [`TICK`] while at
//! least one run is active, and sleeps otherwise (an idle language server costs no wake-ups).

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use wasmtime::Engine;

/// Granularity of wall-clock limits and cancellation for guest code that is computing.
pub const TICK: Duration = Duration::from_millis(5);

#[derive(Clone)]
pub(crate) struct Ticker {
    shared: Arc<Shared>,
}

struct Shared {
    active: Mutex<usize>,
    wake: Condvar,
}

/// Keeps the ticker running while alive.
pub(crate) struct ActiveRun {
    shared: Arc<Shared>,
}

impl Ticker {
    pub(crate) fn start(engine: &Engine) -> Self {
        let shared = Arc::new(Shared {
            active: Mutex::new(0),
            wake: Condvar::new(),
        });
        // The thread holds only a weak engine handle's worth of state: it exits when every
        // `Ticker` clone (and so the sandbox) is gone.
        let weak = Arc::downgrade(&shared);
        let engine = engine.weak();
        std::thread::Builder::new()
            .name("codemode-epoch".into())
            .spawn(move || {
                loop {
                    let Some(shared) = weak.upgrade() else { return };
                    {
                        let active = shared.active.lock().unwrap_or_else(PoisonError::into_inner);
                        if *active == 0 {
                            // Wait for a run to start, waking now and then to notice shutdown.
                            let _ = shared
                                .wake
                                .wait_timeout(active, Duration::from_secs(1))
                                .unwrap_or_else(PoisonError::into_inner);
                            continue;
                        }
                    }
                    drop(shared);
                    std::thread::sleep(TICK);
                    match engine.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => return,
                    }
                }
            })
            .expect("spawning the epoch thread");
        Self { shared }
    }

    pub(crate) fn begin(&self) -> ActiveRun {
        let mut active = self
            .shared
            .active
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *active += 1;
        self.shared.wake.notify_all();
        ActiveRun {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl Drop for ActiveRun {
    fn drop(&mut self) {
        let mut active = self
            .shared
            .active
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *active -= 1;
    }
}
