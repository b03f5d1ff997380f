//! `initialize` / `initialized`: negotiate the position encoding, read settings from
//! `initializationOptions`, declare capabilities, start compiling the runtimes.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use codemode_runtimes::Language;
use codemode_service::text::negotiate;

use super::configuration::settings_from_json;
use super::execute_command::COMMANDS;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn initialize(backend: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let offered: Vec<_> = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .map(|kinds| kinds.iter().filter_map(convert::encoding).collect())
        .unwrap_or_default();
    let encoding = negotiate(&offered);
    backend.session.set_encoding(encoding);
    let refresh = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.code_lens.as_ref())
        .and_then(|c| c.refresh_support)
        .unwrap_or(false);
    backend
        .session
        .code_lens_refresh
        .store(refresh, std::sync::atomic::Ordering::Relaxed);
    let caps = &params.capabilities;
    let progress = caps
        .window
        .as_ref()
        .and_then(|w| w.work_done_progress)
        .unwrap_or(false);
    let document_changes = caps
        .workspace
        .as_ref()
        .and_then(|w| w.workspace_edit.as_ref())
        .and_then(|e| e.document_changes)
        .unwrap_or(false);
    let renders = caps
        .experimental
        .as_ref()
        .and_then(|e| e.pointer("/codemode/runResults"))
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    let session = &backend.session;
    session
        .renders_run_results
        .store(renders, std::sync::atomic::Ordering::Relaxed);
    session
        .work_done_progress
        .store(progress, std::sync::atomic::Ordering::Relaxed);
    session
        .document_changes
        .store(document_changes, std::sync::atomic::Ordering::Relaxed);
    if let Some(options) = params.initialization_options {
        match settings_from_json(options, backend.session.settings()) {
            Ok(settings) => {
                rebuild_runtimes_for(backend, &settings);
                backend.session.set_settings(settings);
            }
            Err(message) => {
                tracing::warn!("ignoring invalid initializationOptions: {message}");
                // Shown once the client is initialized (see `initialized`).
                backend.session.defer_message(format!(
                    "codemode: invalid initializationOptions, using the defaults: {message}"
                ));
            }
        }
    }
    Ok(InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(convert::to_lsp_encoding(encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::EMPTY,
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new("codemode.run"),
                    CodeActionKind::new("codemode.fix"),
                ]),
                ..Default::default()
            })),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: COMMANDS.iter().map(|c| (*c).to_owned()).collect(),
                work_done_progress_options: WorkDoneProgressOptions {
                    work_done_progress: Some(true),
                },
            }),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "codemode".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

/// The runtimes were built for the settings the process started with; the editor's settings
/// can ask for fuel metering (an engine-wide choice) or other custom runtimes. Nothing has run
/// yet, so they are rebuilt now; if that fails the user is told and the old ones stay.
fn rebuild_runtimes_for(backend: &Backend, settings: &codemode_service::Settings) {
    let started = backend.session.settings();
    if !super::configuration::needs_other_runtimes(&started, settings) {
        return;
    }
    match crate::cmd::runtimes(settings, false) {
        Ok(runtimes) => {
            tracing::info!("runtimes rebuilt for the editor's settings");
            backend
                .session
                .replace_runtimes(std::sync::Arc::new(runtimes));
        }
        Err(err) => {
            tracing::warn!("cannot rebuild the runtimes for the editor's settings: {err:#}");
            backend.session.defer_message(format!(
                "codemode: cannot apply the editor's runtime settings, using the server's: {err:#}"
            ));
        }
    }
}

/// Compiles (or loads from the cache) the built-in runtimes in the background, so the first
/// run does not wait for it.
pub async fn initialized(backend: &Backend) {
    for message in backend.session.take_deferred_messages() {
        backend
            .client
            .show_message(MessageType::ERROR, message)
            .await;
    }
    crate::lsp::mcp::start(backend).await;
    let runtimes = backend.session.runtimes();
    tokio::spawn(async move {
        for language in [Language::Python, Language::JavaScript] {
            if let Err(err) = runtimes.warm(&language).await {
                tracing::warn!(%language, "runtime unavailable: {err}");
            }
        }
    });
}
