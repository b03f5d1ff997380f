//! The MCP server: the router of codemode's own tools (each typed and thin: parameters in,
//! a call into the service, a `CallToolResult` out), resources, and extra tool providers.

use std::sync::Arc;

use codemode_runtimes::CancelHandle;
use futures::future::BoxFuture;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock as Content, Implementation,
    ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, tool, tool_router};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::core::{Connection, Core};
use crate::execute::{self, CodeLanguage};

/// Tools a front adds to codemode's own (the editor attachment: `list_open_documents`,
/// `propose_edit`, ...). A provider sees the request context, so it can reach the client
/// (`context.peer`, e.g. for sampling).
pub trait ToolProvider: Send + Sync + 'static {
    fn tools(&self) -> Vec<Tool>;
    /// Handles a call of one of [`tools`](Self::tools).
    fn call(
        &self,
        name: &str,
        arguments: Map<String, Value>,
        context: RequestContext<RoleServer>,
    ) -> BoxFuture<'static, Result<CallToolResult, McpError>>;
}

/// One MCP connection's server: cheap to clone, shares the process's [`Core`].
#[derive(Clone)]
pub struct CodemodeMcp {
    core: Arc<Core>,
    connection: Arc<Connection>,
    providers: Arc<Vec<Arc<dyn ToolProvider>>>,
    tool_router: ToolRouter<Self>,
}

const INSTRUCTIONS: &str = "codemode runs Python, JavaScript or TypeScript in a WebAssembly sandbox \
(no network, no host files) with the tools of upstream MCP servers available as functions. \
Instead of calling many tools one by one, write one program with execute_code that calls them, \
filters the data in the sandbox and prints or returns only what you need. Find tools with \
list_servers and search_tools, or read their typed stubs as resources (servers/<server>/<tool>.py \
or .ts). Emails, phone numbers, card numbers, IBANs and IP addresses in tool results are replaced \
by tokens like [EMAIL_1]; pass a token back into a tool call and the real value reaches the tool.";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ExecuteCodeParams {
    /// The language of `code`: `python` (CPython 3.14, standard library), `javascript`
    /// (QuickJS, ES2023, top-level await) or `typescript` (types are erased, not checked).
    pub language: CodeLanguage,
    /// The program. Print what you want to see, or end with an expression to get its value.
    /// Upstream tools are functions: Python `import codemode; codemode.call_tool("server/tool",
    /// arg=...)`; JavaScript `codemode.callTool("server/tool", JSON.stringify({...}))`. A
    /// refused or failed call raises an error with the reason.
    pub code: String,
    /// Keep state between calls under this id (letters, digits, `_`, `-`, `.`): the code
    /// reads and writes it with the `session/get`, `session/set`, `session/delete` and
    /// `session/keys` tools (`{key, value}`). Omit for a run that shares nothing. Every run
    /// gets a fresh sandbox either way; sessions expire when idle.
    #[serde(default)]
    pub session: Option<String>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ListServersParams {}

#[tool_router]
impl CodemodeMcp {
    /// Runs a program in a fresh sandbox with the upstream tools behind the host.
    #[tool(
        description = "Run Python, JavaScript or TypeScript in a fresh WebAssembly sandbox and get its stdout, the value of a trailing expression, and errors with line numbers. Call upstream MCP tools from the code (see list_servers, search_tools) and filter their results there: only what the program prints or returns comes back.",
        annotations(
            title = "Execute code",
            read_only_hint = false,
            destructive_hint = true,
            open_world_hint = true
        )
    )]
    async fn execute_code(
        &self,
        Parameters(params): Parameters<ExecuteCodeParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResult, McpError> {
        let cancel = CancelHandle::new();
        let watcher = {
            let cancel = cancel.clone();
            let token = context.ct.clone();
            tokio::spawn(async move {
                token.cancelled().await;
                cancel.cancel();
            })
        };
        let result = execute::execute(
            &self.core,
            &self.connection,
            params.language,
            params.code,
            params.session.as_deref(),
            cancel,
        )
        .await;
        watcher.abort();
        Ok(match result {
            Ok(executed) => json_result(executed.json, executed.failed),
            Err(message) => CallToolResult::error(vec![Content::text(message)]),
        })
    }

    /// The configured upstream servers, with their tool counts.
    #[tool(
        description = "List the upstream MCP servers whose tools code can call, with how many tools each has (or why it cannot be reached). Use search_tools or the servers/<server>/<tool>.py|.ts resources for the tools themselves.",
        annotations(title = "List servers", read_only_hint = true, open_world_hint = false)
    )]
    async fn list_servers(
        &self,
        Parameters(_): Parameters<ListServersParams>,
    ) -> Result<CallToolResult, McpError> {
        let upstreams = &self.core.upstreams;
        let names: Vec<String> = upstreams.names().map(str::to_owned).collect();
        let results = futures::future::join_all(names.iter().map(|name| async move {
            let config = upstreams.config(name);
            let transport = match config.map(|c| c.transport()) {
                Some(Ok(codemode_service::settings::Transport::Http { .. })) => "http",
                _ => "stdio",
            };
            match upstreams.tools(name).await {
                Ok(tools) => json!({"name": name, "transport": transport, "tools": tools.len()}),
                Err(err) => json!({"name": name, "transport": transport, "error": err.to_string()}),
            }
        }))
        .await;
        Ok(json_result(json!({ "servers": results }), false))
    }
}

/// A tool result carrying `value` both as structured content and as its JSON text (for
/// clients that read only text).
fn json_result(value: Value, is_error: bool) -> CallToolResult {
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    let mut result = if is_error {
        CallToolResult::error(vec![Content::text(text)])
    } else {
        CallToolResult::success(vec![Content::text(text)])
    };
    result.structured_content = Some(value);
    result
}

impl CodemodeMcp {
    /// A server for one new connection.
    pub fn new(core: Arc<Core>, providers: Arc<Vec<Arc<dyn ToolProvider>>>) -> Self {
        let connection = Arc::new(Connection::new(&core));
        Self {
            core,
            connection,
            providers,
            tool_router: Self::tool_router(),
        }
    }

    pub fn core(&self) -> &Arc<Core> {
        &self.core
    }

    fn provider_of(&self, name: &str) -> Option<Arc<dyn ToolProvider>> {
        self.providers
            .iter()
            .find(|p| p.tools().iter().any(|t| t.name == name))
            .cloned()
    }
}

impl ServerHandler for CodemodeMcp {
    #[allow(deprecated)] // the logging capability, see set_level
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_logging()
                .build(),
        )
            .with_server_info(Implementation::new("codemode", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS.to_owned())
    }

    // Logging is part of 2025-11-25 and deprecated for 2026-07-28 (SEP-2577).
    #[allow(deprecated)]
    async fn set_level(
        &self,
        request: rmcp::model::SetLevelRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), McpError> {
        // codemode sends no log notifications (logs go to stderr); the level is accepted so
        // clients of 2025-11-25 that set one work.
        tracing::debug!(level = ?request.level, "client set the log level");
        Ok(())
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        if !self.tool_router.has_route(&request.name)
            && let Some(provider) = self.provider_of(&request.name)
        {
            let arguments = request.arguments.clone().unwrap_or_default();
            return provider
                .call(&request.name, arguments, context)
                .await
                .map(Into::into);
        }
        let tcc = ToolCallContext::new(self, request, context);
        self.tool_router.call(tcc).await
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        let mut tools = self.tool_router.list_all();
        for provider in self.providers.iter() {
            tools.extend(provider.tools());
        }
        Ok(ListToolsResult::with_all_items(tools))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tool_router.get(name).cloned().or_else(|| {
            self.providers
                .iter()
                .flat_map(|p| p.tools())
                .find(|t| t.name == name)
        })
    }
}
