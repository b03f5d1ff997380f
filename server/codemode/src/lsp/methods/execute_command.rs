//! `workspace/executeCommand`: the router to `lsp/commands/`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::lsp::commands::{self, FIX, GENERATE_TESTS, RUN, invalid};
use crate::lsp::server::Backend;

/// Every command the server executes (declared at `initialize`).
pub const COMMANDS: &[&str] = &[RUN, FIX, GENERATE_TESTS];

pub async fn execute_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    match params.command.as_str() {
        RUN => commands::run::run_command(backend, params).await,
        FIX => commands::fix::fix_command(backend, params).await,
        GENERATE_TESTS => commands::tests::tests_command(backend, params).await,
        other => Err(invalid(format!(
            "unknown command {other} (codemode runs {})",
            COMMANDS.join(", ")
        ))),
    }
}
