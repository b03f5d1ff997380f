//! The MCP server: the router of codemode's own tools (each typed and thin: parameters in,
//! a call into the service, a `CallToolResult` out), resources, and extra tool providers.

use std::sync::Arc;

use codemode_runtimes::CancelHandle;
use futures::future::BoxFuture;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock as Content,
    Implementation, InitializeRequestParams, InitializeResult, ListResourcesResult,
    ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, Resource, ResourceContents, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{NotificationContext, RequestContext};
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, tool, tool_router};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use codemode_runtimes::Language;
use codemode_service::tools::{self, Detail};

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
    /// `python` (CPython 3.14), `javascript` (QuickJS, top-level await) or `typescript`.
    pub language: CodeLanguage,
    /// The program; print results or end with an expression. Skills: `from skills.<name>
    /// import ...` / `import ... from "skills/<name>"`. Failed tool calls raise `ToolError`.
    pub code: String,
    /// Session id to keep state between calls: `from servers import session;
    /// session.set(key=..., value=...)`, `session.get(key=...)`. Omit for a fresh run.
    #[serde(default)]
    pub session: Option<String>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ListServersParams {}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchToolsParams {
    /// Words to find in tool names and descriptions; empty lists all.
    pub query: String,
    /// `name`, `summary` (default) or `full` (with schemas).
    #[serde(default)]
    pub detail: Detail,
    /// Most tools to return (default 10).
    #[serde(default)]
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SaveSkillParams {
    /// Lowercase letters, digits and hyphens (at most 64).
    pub name: String,
    /// What it does and when to use it.
    pub description: String,
    /// A module: functions and constants to import later.
    pub code: String,
    /// The language of `code`.
    pub language: CodeLanguage,
}

#[tool_router]
impl CodemodeMcp {
    /// Runs a program in a fresh sandbox with the upstream tools behind the host.
    #[tool(
        description = "Run code in a fresh sandbox (no network, no files); returns stdout, the last expression's value, errors with lines. Upstream MCP tools are functions: Python `from servers import <server>; <server>.<tool>(arg=...)`, JS `await servers.<server>.<tool>({...})` (see list_servers, search_tools, codemode://servers/ resources). Filter data in code; only output comes back. Personal data arrives as tokens like [EMAIL_1], usable as tool arguments.",
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
        description = "List the upstream MCP servers and their tool counts.",
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

    /// Ranked search over the tools of every upstream server.
    #[tool(
        description = "Search upstream tools by words, best first.",
        annotations(title = "Search tools", read_only_hint = true, open_world_hint = false)
    )]
    async fn search_tools(
        &self,
        Parameters(params): Parameters<SearchToolsParams>,
    ) -> Result<CallToolResult, McpError> {
        let (tools, errors) = self.core.upstreams.all_tools().await;
        let limit = params.limit.unwrap_or(10).clamp(1, 100);
        let results = tools::search(&tools, &params.query, params.detail, limit);
        let mut json = json!({ "tools": results });
        if !errors.is_empty() {
            json["unreachableServers"] = errors
                .iter()
                .map(|(name, err)| (name.clone(), json!(err.to_string())))
                .collect::<Map<String, Value>>()
                .into();
        }
        Ok(json_result(json, false))
    }

    /// Saves code as a skill that later runs import.
    #[tool(
        description = "Save code as a skill (skills/<name>/SKILL.md and the code) that later runs import.",
        annotations(
            title = "Save skill",
            read_only_hint = false,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn save_skill(
        &self,
        Parameters(params): Parameters<SaveSkillParams>,
    ) -> Result<CallToolResult, McpError> {
        let skill = tools::Skill {
            name: params.name,
            description: params.description,
            language: params.language.runtime(),
            code: params.code,
        };
        Ok(match self.core.skills.save(&skill) {
            Ok(dir) => {
                tracing::info!(skill = %skill.name, dir = %dir.display(), "skill saved");
                json_result(
                    json!({
                        "saved": skill.name,
                        "import": skill.import_name(),
                        "resource": format!("{RESOURCE_ROOT}skills/{}/SKILL.md", skill.name),
                    }),
                    false,
                )
            }
            Err(message) => CallToolResult::error(vec![Content::text(message)]),
        })
    }
}

/// Resources are `codemode://servers/<server>/<tool>.py|.ts` and
/// `codemode://skills/<name>/SKILL.md` (and its code file).
const RESOURCE_ROOT: &str = "codemode://";

fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    match line.find(". ") {
        Some(end) => line[..=end].to_owned(),
        None => line.to_owned(),
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
                .enable_resources()
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

    /// The default, except that the peer's info records the *negotiated* version: a client
    /// that asks for 2026-07-28 over `initialize` gets 2025-11-25, whose rules (server
    /// requests such as sampling are allowed) then apply to the session; rmcp would keep
    /// the requested version and refuse them.
    async fn initialize(
        &self,
        request: InitializeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<InitializeResult, McpError> {
        let result = self.negotiate_initialize(&request)?;
        context
            .peer
            .set_peer_info(request.with_protocol_version(result.protocol_version.clone()));
        Ok(result)
    }

    async fn on_initialized(&self, context: NotificationContext<RoleServer>) {
        tracing::info!("client initialized");
        if let Some(hosts) = &self.core.sampling
            && let Some(registration) = hosts.register(&context.peer)
        {
            *self
                .connection
                .sampling
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(registration);
        }
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

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let (tools, errors) = self.core.upstreams.all_tools().await;
        for (name, err) in errors {
            tracing::warn!(server = %name, %err, "left out of the resource list");
        }
        let mut resources = Vec::new();
        for tool in tools.iter().chain(execute::session_tools().iter()) {
            for (language, mime) in [
                (Language::Python, "text/x-python"),
                (Language::TypeScript, "text/x-typescript"),
            ] {
                let path = tool.stub_path(&language);
                resources.push(
                    Resource::new(format!("{RESOURCE_ROOT}{path}"), path.clone())
                        .with_description(first_sentence(&tool.description))
                        .with_mime_type(mime),
                );
            }
        }
        for skill in self.core.skills.list() {
            for file in ["SKILL.md", skill.code_file_name()] {
                let path = format!("skills/{}/{file}", skill.name);
                let mime = if file == "SKILL.md" {
                    "text/markdown"
                } else {
                    "text/plain"
                };
                resources.push(
                    Resource::new(format!("{RESOURCE_ROOT}{path}"), path.clone())
                        .with_description(first_sentence(&skill.description))
                        .with_mime_type(mime),
                );
            }
        }
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let uri = request.uri;
        let not_found = || {
            McpError::resource_not_found(
                format!(
                    "no resource {uri}: see resources/list (servers/<server>/<tool>.py|.ts, skills/<name>/SKILL.md)"
                ),
                None,
            )
        };
        let path = uri.strip_prefix(RESOURCE_ROOT).ok_or_else(not_found)?;
        let text = if let Some(rest) = path.strip_prefix("skills/") {
            let (name, file) = rest.split_once('/').ok_or_else(not_found)?;
            self.core.skills.read(name, file).ok_or_else(not_found)?
        } else if let Some(rest) = path.strip_prefix("servers/") {
            let (server_module, _) = rest.split_once('/').ok_or_else(not_found)?;
            let language = if path.ends_with(".py") {
                Language::Python
            } else if path.ends_with(".ts") {
                Language::TypeScript
            } else {
                return Err(not_found());
            };
            let mut candidates = execute::session_tools();
            let server = self
                .core
                .upstreams
                .names()
                .find(|name| tools::identifier(name, tools::Target::Python) == server_module)
                .map(str::to_owned);
            if let Some(server) = server {
                candidates.extend(
                    self.core
                        .upstreams
                        .tools(&server)
                        .await
                        .map_err(|e| McpError::internal_error(e.to_string(), None))?,
                );
            }
            let tool = candidates
                .iter()
                .find(|t| t.stub_path(&language) == path)
                .ok_or_else(not_found)?;
            match language {
                Language::Python => tools::python_stub(tool),
                _ => tools::typescript_stub(tool),
            }
        } else {
            return Err(not_found());
        };
        Ok(ReadResourceResult::new(vec![ResourceContents::text(text, uri.clone())]).into())
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
