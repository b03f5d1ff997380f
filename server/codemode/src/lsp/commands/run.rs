//! `codemode.run`: run a snippet of the open document (its
//! unsaved text) in the sandbox, then publish diagnostics, the `codemode/runResult`
//! notification and the output — only if the document is still at the version that ran.
//! `$/cancelRequest` drops the run (the sandbox stops it); `window/workDoneProgress/cancel`
//! cancels it through its progress token.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use codemode_runtimes::CancelHandle;
use codemode_service::run::run;

use super::{AbortOnDrop, InFlight, RUN, RunArgs, argument, invalid, resolve};
use crate::lsp::convert;
use crate::lsp::notifications::{RunResult, RunResultParams};
use crate::lsp::server::Backend;

pub async fn run_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    let args: RunArgs = argument(RUN, &params)?;
    let (snapshot, target) = resolve(backend, &args)?;
    let cancel = CancelHandle::new();
    let in_flight = InFlight::begin(
        backend,
        params.work_done_progress_params.work_done_token.clone(),
        &cancel,
        "codemode",
        "running in the sandbox",
        false,
    )
    .await;

    // Wait for a place here, not in the library's queue of handlers, which edits share.
    let place = Arc::clone(&backend.session.runs)
        .acquire_owned()
        .await
        .map_err(|_| Error::internal_error())?;
    // The run gets a task of its own. The library polls every handler from one task: a run
    // computing in there would use one core for all runs and hold up every other request
    // until its next epoch tick. Dropping this handler (`$/cancelRequest`) aborts the task,
    // which stops the run.
    let runtimes = backend.session.runtimes();
    let settings = backend.session.settings();
    let task = AbortOnDrop(tokio::spawn(async move {
        crate::lsp::failpoint("run", &snapshot.uri);
        let result = run(&runtimes, &settings, &snapshot, &target, cancel).await;
        drop(place);
        result
    }));
    let result = task.join().await?;
    in_flight.finish(None).await;
    let run = result.map_err(|e| invalid(e.to_string()))?;
    publish(backend, run.clone()).await;
    Ok(Some(
        serde_json::to_value(&run.outcome).expect("serializable"),
    ))
}

/// The document's diagnostics: those of its current runs and the test findings of its version.
fn all_diagnostics(
    backend: &Backend,
    document: &codemode_service::text::Document,
    uri: &Uri,
    runs: &[codemode_service::SnippetRun],
) -> Vec<Diagnostic> {
    // Two runs can see the same failure (a function's doctests and the doctest lens, a
    // selection inside a function): one diagnostic per place and message.
    let mut seen = std::collections::HashSet::new();
    runs.iter()
        .flat_map(|r| convert::diagnostics(document, uri, &r.outcome))
        .chain(backend.session.findings(uri.as_str(), document.version()))
        .filter(|d| seen.insert((d.range.start, d.range.end, d.message.clone())))
        .collect()
}

/// Publishes the document's diagnostics again (after its findings changed).
pub async fn republish(backend: &Backend, uri: &str) {
    let Ok(parsed) = uri.parse::<Uri>() else {
        return;
    };
    let (diagnostics, version) = {
        let documents = backend.session.documents();
        let Some(document) = documents.get(uri) else {
            return;
        };
        let runs: Vec<_> = backend
            .session
            .results(uri)
            .into_iter()
            .filter(|r| r.version == document.version())
            .collect();
        (
            all_diagnostics(backend, document, &parsed, &runs),
            document.version(),
        )
    };
    backend
        .client
        .publish_diagnostics(parsed, diagnostics, Some(version))
        .await;
}

/// Publishes a finished run if its document is still at the version it ran on.
pub async fn publish(backend: &Backend, run: codemode_service::SnippetRun) {
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
        let diagnostics = all_diagnostics(backend, document, &uri, &runs);
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
    // Clients that render `codemode/runResult` themselves say so at initialize (codemode's
    // own clients do); others (Helix, a bare LSP client) get the summary as a message, or a
    // successful run would show nothing at all.
    if !backend
        .session
        .renders_run_results
        .load(std::sync::atomic::Ordering::Relaxed)
    {
        let mut message = format!("{} `{}`: {summary}", run.kind, run.name);
        let stdout = outcome.stdout.trim_end();
        if !stdout.is_empty() {
            let shown: Vec<&str> = stdout.lines().take(5).collect();
            message.push_str(&format!("\n{}", shown.join("\n")));
            if stdout.lines().count() > 5 {
                message.push_str("\n… (the rest is in the log)");
            }
        }
        let typ = if outcome.error.is_some() {
            MessageType::WARNING
        } else {
            MessageType::INFO
        };
        backend.client.show_message(typ, message).await;
    }
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
