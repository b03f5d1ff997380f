//! The server's mutable state, with one owner each: documents (changed synchronously, in
//! order), settings, the latest results per document, and the runs in flight.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::Duration;

use codemode_runtimes::{CancelHandle, Runtimes};
use codemode_service::model::{ModelClient, ModelError};
use codemode_service::settings::{ModelProvider, ModelSettings};
use codemode_service::text::{Documents, PositionEncoding};
use codemode_service::{Settings, SnippetRun};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{NumberOrString, ProgressToken};

type CachedModel = (
    ModelSettings,
    Result<Option<Arc<dyn ModelClient>>, ModelError>,
);

/// A document's runnables, shared between the lenses and the code actions.
pub type Runnables = Arc<Vec<codemode_snippets::Runnable>>;

pub struct Session {
    /// Replaced only at `initialize`, when the editor's settings need another engine or other
    /// custom runtimes than the process started with (see [`Session::replace_runtimes`]).
    runtimes: RwLock<Arc<Runtimes>>,
    documents: Mutex<Documents>,
    settings: RwLock<Settings>,
    /// Latest finished runs per document URI, one per (kind, name).
    results: Mutex<HashMap<String, Vec<SnippetRun>>>,
    /// The runnables of each document's latest parsed version (parsed for the lenses).
    runnables: Mutex<HashMap<String, (i32, Runnables)>>,
    /// Test findings (Generate tests) per document URI, for one version.
    findings: Mutex<HashMap<String, (i32, Vec<tower_lsp_server::ls_types::Diagnostic>)>>,
    /// Runs in flight by their work-done progress token, for `window/workDoneProgress/cancel`.
    pub running: Mutex<HashMap<String, CancelHandle>>,
    /// Places for runs in the sandbox ([`super::RUNS`]).
    pub runs: Arc<tokio::sync::Semaphore>,
    /// Whether the client sent `shutdown` (the exit code depends on it).
    pub shut_down: AtomicBool,
    /// Whether the client takes `workspace/codeLens/refresh` (its capability, at `initialize`).
    pub code_lens_refresh: AtomicBool,
    /// Whether the client renders `codemode/runResult` itself (it says so with the
    /// experimental capability `codemode.runResults`); others get a message per run.
    pub renders_run_results: AtomicBool,
    /// Whether the client takes `window/workDoneProgress/create` (server-initiated progress).
    pub work_done_progress: AtomicBool,
    /// Whether the client takes versioned `documentChanges` in workspace edits.
    pub document_changes: AtomicBool,
    /// Server-initiated progress tokens handed out so far.
    progress_tokens: AtomicU64,
    /// A model supplied by another front (MCP sampling through a connected host); else the
    /// settings' model is used.
    supplied_model: RwLock<Option<Arc<dyn ModelClient>>>,
    /// The settings' model, built once per model settings (HTTP clients are reused).
    model: Mutex<Option<CachedModel>>,
    /// Messages for the user found before the client could be told (during `initialize`).
    deferred: Mutex<Vec<String>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Session {
    pub fn new(runtimes: Arc<Runtimes>, settings: Settings) -> Self {
        Self {
            runtimes: RwLock::new(runtimes),
            documents: Mutex::new(Documents::new(PositionEncoding::Utf16)),
            settings: RwLock::new(settings),
            results: Mutex::default(),
            findings: Mutex::default(),
            runnables: Mutex::default(),
            running: Mutex::default(),
            runs: Arc::new(tokio::sync::Semaphore::new(super::RUNS)),
            shut_down: AtomicBool::new(false),
            code_lens_refresh: AtomicBool::new(false),
            work_done_progress: AtomicBool::new(false),
            renders_run_results: AtomicBool::new(false),
            document_changes: AtomicBool::new(false),
            progress_tokens: AtomicU64::new(0),
            supplied_model: RwLock::default(),
            model: Mutex::default(),
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

    /// The runtimes new runs use (runs in flight keep the ones they started with).
    pub fn runtimes(&self) -> Arc<Runtimes> {
        Arc::clone(&self.runtimes.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Swaps in runtimes built for other settings; called by `initialize`, before any run.
    pub fn replace_runtimes(&self, runtimes: Arc<Runtimes>) {
        *self
            .runtimes
            .write()
            .unwrap_or_else(PoisonError::into_inner) = runtimes;
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
        lock(&self.findings).remove(uri);
        lock(&self.runnables).remove(uri);
    }

    pub fn cache_runnables(&self, uri: &str, version: i32, found: Runnables) {
        lock(&self.runnables).insert(uri.to_owned(), (version, found));
    }

    pub fn cached_runnables(&self, uri: &str, version: i32) -> Option<Runnables> {
        lock(&self.runnables)
            .get(uri)
            .filter(|(v, _)| *v == version)
            .map(|(_, found)| Arc::clone(found))
    }

    pub fn set_findings(
        &self,
        uri: &str,
        version: i32,
        findings: Vec<tower_lsp_server::ls_types::Diagnostic>,
    ) {
        lock(&self.findings).insert(uri.to_owned(), (version, findings));
    }

    /// The findings of `uri` at `version` (none once the document changed).
    pub fn findings(&self, uri: &str, version: i32) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
        lock(&self.findings)
            .get(uri)
            .filter(|(v, _)| *v == version)
            .map(|(_, f)| f.clone())
            .unwrap_or_default()
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

    /// A fresh token for server-initiated progress, if the client takes them (asked with a
    /// timeout: a client that does not answer gets no progress, never a stuck command).
    pub async fn create_progress_token(&self, client: &Client) -> Option<ProgressToken> {
        if !self.work_done_progress.load(Ordering::Relaxed) {
            return None;
        }
        let n = self.progress_tokens.fetch_add(1, Ordering::Relaxed) + 1;
        let token = NumberOrString::String(format!("codemode/{n}"));
        match tokio::time::timeout(
            Duration::from_secs(5),
            client.create_work_done_progress(token.clone()),
        )
        .await
        {
            Ok(Ok(())) => Some(token),
            _ => None,
        }
    }

    /// The model of the MCP host that offers sampling (`None`: no such host is connected).
    pub fn set_supplied_model(&self, model: Option<Arc<dyn ModelClient>>) {
        *self
            .supplied_model
            .write()
            .unwrap_or_else(PoisonError::into_inner) = model;
    }

    /// The model the AI commands use: the settings' (`Ok(None)`: none configured; `Err`:
    /// the settings name one that cannot be used, with why). `mcp-sampling` uses the model
    /// supplied by the MCP front when a host that offers sampling is connected.
    pub fn model(&self) -> Result<Option<Arc<dyn ModelClient>>, ModelError> {
        let supplied = self
            .supplied_model
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let settings = self.settings.read().unwrap_or_else(PoisonError::into_inner);
        if settings.model.provider == ModelProvider::McpSampling {
            // The host's model as it is now (hosts come and go), under the settings' deadline.
            return codemode_service::model::from_settings_with(
                &settings.model,
                &|name| std::env::var(name).ok(),
                supplied,
            );
        }
        let mut cached = lock(&self.model);
        if let Some((for_settings, model)) = &*cached
            && *for_settings == settings.model
        {
            return model.clone();
        }
        let model = codemode_service::model::from_settings_with(
            &settings.model,
            &|name| std::env::var(name).ok(),
            None,
        );
        *cached = Some((settings.model.clone(), model.clone()));
        model
    }
}
