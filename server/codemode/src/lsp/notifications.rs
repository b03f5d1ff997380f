//! codemode's own LSP notification, for thin clients that render run results (output panel,
//! floating window, virtual text).
//!
//! `codemode/runResult` (server → client), params:
//! ```json
//! { "uri": "file:///…/x.py", "version": 7, "range": { "start": …, "end": … },
//!   "name": "fizzbuzz", "kind": "function", "summary": "→ 'FizzBuzz' · 2.1 ms",
//!   "outcome": { …the `codemode run --json` outcome, positions in the document… } }
//! ```

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::{Range, Uri};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunResultParams {
    pub uri: Uri,
    pub version: i32,
    pub range: Range,
    pub name: String,
    pub kind: String,
    pub summary: String,
    pub outcome: codemode_runtimes::RunOutcome,
}

pub enum RunResult {}

impl Notification for RunResult {
    type Params = RunResultParams;
    const METHOD: &'static str = "codemode/runResult";
}

/// `codemode/mcpEndpoint` (server → client): where the language server serves MCP
/// (`mcp.editorEndpoint`), so the editor can register it for its agents. The bearer token goes
/// to the editor that started this server (over its private stdio pipe), like the token file
/// it could read anyway.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct McpEndpointParams {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

pub enum McpEndpoint {}

impl Notification for McpEndpoint {
    type Params = McpEndpointParams;
    const METHOD: &'static str = "codemode/mcpEndpoint";
}
