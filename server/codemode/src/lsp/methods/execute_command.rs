//! `workspace/executeCommand` `codemode.run`: run a snippet of the open document (its
//! unsaved text) in the sandbox, then publish diagnostics, the `codemode/runResult`
//! notification and the output — only if the document is still at the version that ran.
//! `$/cancelRequest` drops the run (the sandbox stops it); `window/workDoneProgress/cancel`
//! cancels it through its progress token.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Cancellable, OngoingProgress, Unbounded};

use codemode_runtimes::CancelHandle;
use codemode_service::run::{RunTarget, run};

use super::RUN_COMMAND;
use crate::lsp::convert;
use crate::lsp::notifications::{RunResult, RunResultParams};
use crate::lsp::server::Backend;

/// The argument of `codemode.run`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunArgs {
    pub uri: Uri,
    /// The version the range refers to.
    pub version: i32,
    pub range: Range,
    /// `range`: run the selection (or what encloses an empty range); `runnable`: run the
    /// snippet a code lens showed (found again by `kind` and `name`, nearest to `range`).
    pub target: String,
    /// For `runnable`: the snippet's kind (`function`, `cell`, `file`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// For `runnable`: the snippet's name (`fizzbuzz`, `cell 2`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::invalid_params(message.into())
}

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    if params.command != RUN_COMMAND {
        return Err(invalid(format!("unknown command {}", params.command)));
    }
    let [arg] = params.arguments.as_slice() else {
        return Err(invalid(
            "codemode.run takes one argument: { uri, version, range, target }",
        ));
    };
    let args: RunArgs =
        serde_json::from_value(arg.clone()).map_err(|e| invalid(format!("codemode.run: {e}")))?;

    // Snapshot and target under the lock, synchronously.
    let (snapshot, target) = {
        let documents = backend.session.documents();
        let document = documents
            .get(args.uri.as_str())
            .ok_or_else(|| invalid(format!("{} is not open", args.uri.as_str())))?;
        let bytes = document
            .byte_range(convert::range(args.range))
            .map_err(|e| invalid(e.to_string()))?;
        let target = match args.target.as_str() {
            "runnable" => match (&args.kind, &args.name) {
                (Some(kind), Some(name)) => RunTarget::Runnable {
                    kind: kind.clone(),
                    name: name.clone(),
                    start: bytes.start,
                },
                _ => {
                    return Err(invalid(
                        "codemode.run: target `runnable` needs `kind` and `name`",
                    ));
                }
            },
            "range" => RunTarget::Range(bytes),
            other => {
                return Err(invalid(format!(
                    "unknown target {other:?} (range or runnable)"
                )));
            }
        };
        if args.target == "range" && document.version() != args.version {
            return Err(invalid(format!(
                "the document changed since this action was offered (version {} now, {} then): ask for the action again",
                document.version(),
                args.version
            )));
        }
        (document.snapshot(), target)
    };

    let cancel = CancelHandle::new();
    let token = params.work_done_progress_params.work_done_token.clone();
    let mut in_flight = InFlight {
        backend,
        token_key: token.as_ref().map(token_key),
        progress: None,
    };
    if let Some(key) = &in_flight.token_key {
        backend
            .session
            .running()
            .insert(key.clone(), cancel.clone());
    }
    if let Some(token) = token {
        in_flight.progress = Some(
            backend
                .client
                .progress(token, "codemode")
                .with_message("running in the sandbox")
                .with_cancel_button()
                .begin()
                .await,
        );
    }

    // Wait for a place here, not in the library's queue of handlers, which edits share.
    let place = Arc::clone(&backend.session.runs)
        .acquire_owned()
        .await
        .map_err(|_| Error::internal_error())?;
    // The run gets a task of its own. The library polls every handler from one task: a run
    // computing in there would use one core for all runs and hold up every other request
    // until its next epoch tick. Dropping this handler (`$/cancelRequest`) aborts the task,
    // which stops the run.
    let runtimes = Arc::clone(&backend.session.runtimes);
    let settings = backend.session.settings();
    let task = AbortOnDrop(tokio::spawn(async move {
        let result = run(&runtimes, &settings, &snapshot, &target, cancel).await;
        drop(place);
        result
    }));
    let result = task.join().await?;
    if let Some(progress) = in_flight.progress.take() {
        progress.finish().await;
    }
    drop(in_flight);
    let run = result.map_err(|e| invalid(e.to_string()))?;
    publish(backend, run.clone()).await;
    Ok(Some(
        serde_json::to_value(&run.outcome).expect("serializable"),
    ))
}

/// Publishes a finished run if its document is still at the version it ran on.
async fn publish(backend: &Backend, run: codemode_service::SnippetRun) {
    let uri: Uri = match run.uri.parse() {
        Ok(uri) => uri,
        Err(_) => return,
    };
    let (diagnostics, range) = {
        let documents = backend.session.documents();
        let Some(document) = documents
            .get(&run.uri)
            .filter(|d| d.version() == run.version)
        else {
            tracing::debug!(
                uri = &*run.uri,
                "document changed during the run; result not published"
            );
            return;
        };
        let runs = backend.session.record(run.clone());
        // Two runs can see the same failure (a function's doctests and the doctest lens, a
        // selection inside a function): one diagnostic per place and message.
        let mut seen = std::collections::HashSet::new();
        let diagnostics: Vec<_> = runs
            .iter()
            .flat_map(|r| convert::diagnostics(document, &uri, &r.outcome))
            .filter(|d| seen.insert((d.range.start, d.range.end, d.message.clone())))
            .collect();
        (diagnostics, convert::byte_range(document, &run.range))
    };
    let outcome = &run.outcome;
    let summary = outcome.summary();
    let mut log = format!("{} {} ({}): {summary}", run.kind, run.name, uri.as_str());
    if !outcome.stdout.is_empty() {
        log.push_str(&format!("\n--- stdout ---\n{}", outcome.stdout.trim_end()));
    }
    if !outcome.stderr.is_empty() {
        log.push_str(&format!("\n--- stderr ---\n{}", outcome.stderr.trim_end()));
    }
    if let Some(error) = &outcome.error {
        log.push_str(&format!(
            "\n--- {} ---\n{}",
            error.kind,
            error.traceback.trim_end()
        ));
    }
    backend.client.log_message(MessageType::INFO, log).await;
    backend
        .client
        .publish_diagnostics(uri.clone(), diagnostics, Some(run.version))
        .await;
    backend
        .client
        .send_notification::<RunResult>(RunResultParams {
            uri,
            version: run.version,
            range,
            name: run.name.clone(),
            kind: run.kind.to_owned(),
            summary,
            outcome: run.outcome.clone(),
        })
        .await;
    // Lens titles show the last result: ask the client to refresh them (if it can), without
    // waiting for its answer inside this handler.
    if backend.session.code_lens_refresh.load(Ordering::Relaxed) {
        let client = backend.client.clone();
        tokio::spawn(async move {
            let _ = tokio::time::timeout(Duration::from_secs(5), client.code_lens_refresh()).await;
        });
    }
}

/// A spawned run, aborted if the handler awaiting it is dropped.
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> AbortOnDrop<T> {
    /// The task's output; a panic in the task goes on in this handler (see `server::guard`).
    async fn join(mut self) -> Result<T> {
        match (&mut self.0).await {
            Ok(output) => Ok(output),
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(_) => Err(Error::request_cancelled()),
        }
    }
}

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A run's registration and progress, undone however the handler ends: normally, by a
/// panic, or dropped at an `.await` when the client cancels the request (`$/cancelRequest`).
struct InFlight<'a> {
    backend: &'a Backend,
    token_key: Option<String>,
    progress: Option<OngoingProgress<Unbounded, Cancellable>>,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Some(key) = &self.token_key {
            self.backend.session.running().remove(key);
        }
        // Only left here when the handler did not get to finish it: end it anyway, or the
        // client shows the run as going on forever.
        if let Some(progress) = self.progress.take() {
            tokio::spawn(progress.finish());
        }
    }
}

fn token_key(token: &ProgressToken) -> String {
    match token {
        NumberOrString::Number(n) => n.to_string(),
        NumberOrString::String(s) => s.clone(),
    }
}

pub fn progress_cancel(backend: &Backend, params: WorkDoneProgressCancelParams) {
    if let Some(cancel) = backend.session.running().get(&token_key(&params.token)) {
        cancel.cancel();
    }
}
