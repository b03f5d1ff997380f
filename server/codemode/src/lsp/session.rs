//! The server's mutable state, with one owner each: documents (changed synchronously, in
//! order), settings, the latest results per document, and the runs in flight.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use codemode_runtimes::{CancelHandle, Runtimes};
use codemode_service::text::{Documents, PositionEncoding};
use codemode_service::{Settings, SnippetRun};

pub struct Session {
    pub runtimes: Arc<Runtimes>,
    documents: Mutex<Documents>,
    settings: RwLock<Settings>,
    /// Latest finished runs per document URI, one per (kind, name).
    results: Mutex<HashMap<String, Vec<SnippetRun>>>,
    /// Runs in flight by their work-done progress token, for `window/workDoneProgress/cancel`.
    pub running: Mutex<HashMap<String, CancelHandle>>,
    /// Places for runs in the sandbox ([`super::RUNS`]).
    pub runs: Arc<tokio::sync::Semaphore>,
    /// Whether the client sent `shutdown` (the exit code depends on it).
    pub shut_down: AtomicBool,
    /// Whether the client takes `workspace/codeLens/refresh` (its capability, at `initialize`).
    pub code_lens_refresh: AtomicBool,
    /// Messages for the user found before the client could be told (during `initialize`).
    deferred: Mutex<Vec<String>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Session {
    pub fn new(runtimes: Arc<Runtimes>, settings: Settings) -> Self {
        Self {
            runtimes,
            documents: Mutex::new(Documents::new(PositionEncoding::Utf16)),
            settings: RwLock::new(settings),
            results: Mutex::default(),
            running: Mutex::default(),
            runs: Arc::new(tokio::sync::Semaphore::new(super::RUNS)),
            shut_down: AtomicBool::new(false),
            code_lens_refresh: AtomicBool::new(false),
            deferred: Mutex::default(),
        }
    }

    /// The documents, locked. Never hold the guard across an `.await`.
    pub fn documents(&self) -> MutexGuard<'_, Documents> {
        lock(&self.documents)
    }

    /// Starts over with the negotiated encoding (at `initialize`, before any document).
    pub fn set_encoding(&self, encoding: PositionEncoding) {
        *self.documents() = Documents::new(encoding);
    }

    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn set_settings(&self, settings: Settings) {
        *self
            .settings
            .write()
            .unwrap_or_else(PoisonError::into_inner) = settings;
    }

    /// Records a run; returns every current run of the document (for its diagnostics).
    pub fn record(&self, run: SnippetRun) -> Vec<SnippetRun> {
        let mut results = lock(&self.results);
        let runs = results.entry(run.uri.to_string()).or_default();
        // Results of older versions are positioned on older text: drop them.
        runs.retain(|r| r.version == run.version && !(r.kind == run.kind && r.name == run.name));
        runs.push(run);
        runs.clone()
    }

    pub fn results(&self, uri: &str) -> Vec<SnippetRun> {
        lock(&self.results).get(uri).cloned().unwrap_or_default()
    }

    pub fn forget(&self, uri: &str) {
        lock(&self.results).remove(uri);
    }

    pub fn defer_message(&self, message: String) {
        lock(&self.deferred).push(message);
    }

    pub fn take_deferred_messages(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.deferred))
    }

    pub fn running(&self) -> MutexGuard<'_, HashMap<String, CancelHandle>> {
        lock(&self.running)
    }
}
