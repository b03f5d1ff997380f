//! The router: one line per LSP method, each delegating to its file in `methods/`. Every
//! handler runs under [`guard`], so a panic answers that request with an error instead of
//! taking the server down.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use codemode_runtimes::{CodeCache, Runtimes, Sandbox};
use codemode_service::Settings;

use super::methods;
use super::session::Session;

#[derive(Clone)]
pub struct Backend {
    pub client: Client,
    pub session: Arc<Session>,
}

impl Backend {
    pub fn new(client: Client, settings: Settings) -> Self {
        let sandbox = Sandbox::with_options(
            CodeCache::new(CodeCache::default_dir()),
            crate::cmd::engine_options(&settings, false),
        )
        .expect("the sandbox engine configures");
        let runtimes = Arc::new(Runtimes::new(sandbox, settings.runtimes.clone()));
        Self {
            client,
            session: Arc::new(Session::new(runtimes, settings)),
        }
    }

    pub async fn progress_cancel(&self, params: WorkDoneProgressCancelParams) {
        guard_notification("window/workDoneProgress/cancel", async {
            crate::lsp::commands::progress_cancel(self, params)
        })
        .await
    }
}

/// Runs a request handler; a panic becomes an internal error for this request only.
async fn guard<T>(method: &str, handler: impl Future<Output = Result<T>>) -> Result<T> {
    match AssertUnwindSafe(handler).catch_unwind().await {
        Ok(result) => result,
        Err(panic) => {
            let message = panic_message(&panic);
            tracing::error!(method, "handler panicked: {message}");
            Err(Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                message: format!("codemode: internal error in {method}: {message}").into(),
                data: None,
            })
        }
    }
}

async fn guard_notification(method: &str, handler: impl Future<Output = ()>) {
    if let Err(panic) = AssertUnwindSafe(handler).catch_unwind().await {
        tracing::error!(method, "handler panicked: {}", panic_message(&panic));
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard("initialize", methods::initialize::initialize(self, params)).await
    }

    async fn initialized(&self, _: InitializedParams) {
        guard_notification("initialized", methods::initialize::initialized(self)).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.session
            .shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guard_notification("textDocument/didOpen", async {
            methods::text_document::did_open(self, params)
        })
        .await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Applied synchronously: the async block has no `.await` before the change is in.
        guard_notification("textDocument/didChange", async {
            methods::text_document::did_change(self, params)
        })
        .await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guard_notification(
            "textDocument/didClose",
            methods::text_document::did_close(self, params),
        )
        .await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        guard_notification(
            "workspace/didChangeConfiguration",
            methods::configuration::did_change(self, params),
        )
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        guard("textDocument/codeAction", async {
            methods::code_action::code_action(self, params)
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        guard(
            "textDocument/codeLens",
            methods::code_lens::code_lens(self, params),
        )
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        guard(
            "workspace/executeCommand",
            methods::execute_command::execute_command(self, params),
        )
        .await
    }
}
