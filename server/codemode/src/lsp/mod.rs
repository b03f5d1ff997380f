//! `codemode lsp`: the language server over stdio. A thin adapter: each method converts LSP
//! types, calls the protocol-free service (`codemode_service`), and converts back.
//!
//! Correctness does not depend on tower-lsp-server's scheduling (it runs up to
//! [`CONCURRENCY`] handlers at once): document changes are applied synchronously at the start
//! of their handler, before any `.await`; versions only go up; results computed on an older
//! version are not published; no lock is held across `.await`; server→client requests are
//! spawned with a timeout, never awaited inside a handler.

mod commands;
mod convert;
mod mcp;
mod methods;
mod notifications;
mod server;
mod session;
mod transport;

use std::sync::atomic::Ordering;

use tower_lsp_server::{LspService, Server};

use codemode_service::Settings;

/// Debug builds only: panics when `CODEMODE_FAILPOINT` is `<name>:<subject>`, so that tests can
/// show a panicking handler fails alone (the server answers that request with an internal
/// error and goes on). Release builds compile it to nothing.
#[cfg(debug_assertions)]
pub(crate) fn failpoint(name: &str, subject: &str) {
    if let Some(point) = std::env::var_os("CODEMODE_FAILPOINT")
        && point.to_str() == Some(&format!("{name}:{subject}"))
    {
        panic!("failpoint {name} reached for {subject}");
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn failpoint(_name: &str, _subject: &str) {}

/// Handlers running at once. tower-lsp-server counts every handler alike and reads no more
/// input while this many are in flight, so runs (long: up to the time limit) must not fill
/// it: they wait for one of [`RUNS`] places inside their handler instead, and edits and
/// lenses (short) always find room.
pub const CONCURRENCY: usize = 1024;

/// Runs in the sandbox at once (each may use up to the memory limit); more wait their turn.
pub const RUNS: usize = 8;

/// Serves until `exit` (or the end of stdin). As LSP asks, the process then exits with 0 if
/// `shutdown` came first and with 1 otherwise.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let (service, socket) = LspService::build(|client| server::Backend::new(client, settings))
        .custom_method(
            "window/workDoneProgress/cancel",
            server::Backend::progress_cancel,
        )
        .finish();
    let session = service.inner().session.clone();
    let (input, output, transport) = transport::start(tokio::io::stdin(), tokio::io::stdout());
    Server::new(input, output, socket)
        .concurrency_level(CONCURRENCY)
        .serve(service)
        .await;
    transport.finish().await;
    if !session.shut_down.load(Ordering::SeqCst) {
        tracing::warn!("the session ended without a `shutdown` request: exit code 1");
        std::process::exit(1);
    }
    Ok(())
}
