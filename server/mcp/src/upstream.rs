//! Connections to the upstream MCP servers of the settings (`mcpServers`): made lazily on
//! first use, re-made with exponential backoff after a failure, every request under a time
//! limit. This is codemode's MCP *client* side.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use codemode_service::settings::{McpServerConfig, Transport};
use rmcp::model::{CallToolRequestParams, CallToolResult, ClientConfig, Implementation, Tool};
use rmcp::service::{RoleClient, RunningService, ServiceExt};
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use tokio::sync::Mutex;

use crate::catalog::{ToolInfo, is_annotated, tool_info};

/// The first retry waits this long; each failure doubles it up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Why an upstream call did not produce a tool result.
#[derive(Debug, Clone, thiserror::Error)]
pub enum UpstreamError {
    #[error("no upstream MCP server `{0}` is configured{1}")]
    UnknownServer(String, String),
    #[error("upstream server `{server}` is not reachable: {message}")]
    Unreachable { server: String, message: String },
    #[error("upstream server `{server}` did not answer within {timeout:?}")]
    Timeout { server: String, timeout: Duration },
    #[error("upstream server `{server}` failed: {message}")]
    Failed { server: String, message: String },
}

/// A client of one upstream server that has shown us a session was handled by `Handler`.
#[derive(Clone, Default)]
struct Handler;

impl rmcp::ClientHandler for Handler {
    fn get_info(&self) -> ClientConfig {
        let mut info = ClientConfig::default();
        info.client_info = Implementation::new("codemode", env!("CARGO_PKG_VERSION"));
        info
    }
}

type Connection = RunningService<RoleClient, Handler>;

enum State {
    Idle,
    Connected {
        service: Arc<Connection>,
        tools: Arc<Vec<Tool>>,
    },
    /// The last attempt failed; none before `retry_at`.
    Failed {
        message: String,
        retry_at: Instant,
        backoff: Duration,
    },
}

/// One configured upstream server.
pub struct Upstream {
    name: String,
    config: McpServerConfig,
    default_timeout: Duration,
    state: Mutex<State>,
}

impl Upstream {
    fn timeout(&self) -> Duration {
        self.config.timeout.unwrap_or(self.default_timeout)
    }

    /// The live connection and its tools, connecting first when needed.
    async fn connection(&self) -> Result<(Arc<Connection>, Arc<Vec<Tool>>), UpstreamError> {
        let mut state = self.state.lock().await;
        if let State::Connected { service, tools } = &*state {
            if !service.is_closed() {
                return Ok((Arc::clone(service), Arc::clone(tools)));
            }
            tracing::info!(server = %self.name, "upstream connection closed; reconnecting");
            *state = State::Idle;
        }
        let backoff = match &*state {
            State::Failed {
                message,
                retry_at,
                backoff,
            } => {
                let now = Instant::now();
                if now < *retry_at {
                    return Err(UpstreamError::Unreachable {
                        server: self.name.clone(),
                        message: format!(
                            "{message} (next attempt in {:.1} s)",
                            (*retry_at - now).as_secs_f64()
                        ),
                    });
                }
                (*backoff * 2).min(MAX_BACKOFF)
            }
            _ => FIRST_BACKOFF,
        };
        let timeout = self.timeout();
        let attempt = async {
            let service = self.connect().await?;
            let tools = service
                .peer()
                .list_all_tools()
                .await
                .map_err(|e| format!("listing its tools failed: {e}"))?;
            Ok::<_, String>((service, tools))
        };
        let result = match tokio::time::timeout(timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(format!("connecting took longer than {timeout:?}")),
        };
        match result {
            Ok((service, tools)) => {
                tracing::info!(server = %self.name, tools = tools.len(), "upstream connected");
                let service = Arc::new(service);
                let tools = Arc::new(tools);
                *state = State::Connected {
                    service: Arc::clone(&service),
                    tools: Arc::clone(&tools),
                };
                Ok((service, tools))
            }
            Err(message) => {
                tracing::warn!(server = %self.name, %message, retry_in = ?backoff, "upstream connection failed");
                *state = State::Failed {
                    message: message.clone(),
                    retry_at: Instant::now() + backoff,
                    backoff,
                };
                Err(UpstreamError::Unreachable {
                    server: self.name.clone(),
                    message,
                })
            }
        }
    }

    async fn connect(&self) -> Result<Connection, String> {
        match self.config.transport()? {
            Transport::Stdio { command } => {
                let mut cmd = tokio::process::Command::new(command);
                cmd.args(&self.config.args)
                    .envs(&self.config.env)
                    .kill_on_drop(true);
                if let Some(dir) = &self.config.cwd {
                    cmd.current_dir(dir);
                }
                // The server's stderr is its log: keep it out of our stdout (the protocol)
                // and out of the user's terminal unless they asked for logs.
                let (transport, stderr) = TokioChildProcess::builder(cmd)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|e| format!("cannot start `{command}`: {e}"))?;
                if let Some(stderr) = stderr {
                    let name = self.name.clone();
                    tokio::spawn(forward_stderr(name, stderr));
                }
                Handler
                    .serve(transport)
                    .await
                    .map_err(|e| format!("initialization failed: {e}"))
            }
            Transport::Http { url } => {
                use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
                let mut headers = std::collections::HashMap::new();
                for (key, value) in &self.config.headers {
                    let name = http::HeaderName::try_from(key.as_str())
                        .map_err(|e| format!("header name `{key}`: {e}"))?;
                    let value = http::HeaderValue::try_from(value.as_str())
                        .map_err(|e| format!("value of header `{key}`: {e}"))?;
                    headers.insert(name, value);
                }
                let config =
                    StreamableHttpClientTransportConfig::with_uri(url).custom_headers(headers);
                let transport = StreamableHttpClientTransport::from_config(config);
                Handler
                    .serve(transport)
                    .await
                    .map_err(|e| format!("initialization failed: {e}"))
            }
        }
    }

    /// Forgets the connection so the next use reconnects (after a transport failure).
    async fn reset(&self, service: &Arc<Connection>) {
        let mut state = self.state.lock().await;
        if let State::Connected {
            service: current, ..
        } = &*state
            && Arc::ptr_eq(current, service)
        {
            *state = State::Idle;
        }
    }
}

async fn forward_stderr(name: String, stderr: tokio::process::ChildStderr) {
    use tokio::io::AsyncBufReadExt;
    let mut lines = tokio::io::BufReader::new(stderr).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        tracing::debug!(server = %name, "upstream stderr: {line}");
    }
}

/// Every configured upstream server of the process, shared by all MCP sessions.
#[derive(Clone)]
pub struct Upstreams {
    servers: Arc<BTreeMap<String, Arc<Upstream>>>,
}

impl Upstreams {
    pub fn new(configs: &BTreeMap<String, McpServerConfig>, default_timeout: Duration) -> Self {
        let servers = configs
            .iter()
            .filter(|(_, config)| !config.disabled)
            .map(|(name, config)| {
                (
                    name.clone(),
                    Arc::new(Upstream {
                        name: name.clone(),
                        config: config.clone(),
                        default_timeout,
                        state: Mutex::new(State::Idle),
                    }),
                )
            })
            .collect();
        Self {
            servers: Arc::new(servers),
        }
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.servers.keys().map(String::as_str)
    }

    pub fn config(&self, server: &str) -> Option<&McpServerConfig> {
        self.servers.get(server).map(|u| &u.config)
    }

    fn get(&self, server: &str) -> Result<&Arc<Upstream>, UpstreamError> {
        self.servers.get(server).ok_or_else(|| {
            let known: Vec<&str> = self.names().collect();
            let hint = if known.is_empty() {
                " (no servers are configured: add them under `mcpServers` in the settings file)"
                    .to_owned()
            } else {
                format!(" (configured: {})", known.join(", "))
            };
            UpstreamError::UnknownServer(server.to_owned(), hint)
        })
    }

    /// The tools of one server (connecting to it if needed).
    pub async fn tools(&self, server: &str) -> Result<Vec<ToolInfo>, UpstreamError> {
        let upstream = self.get(server)?;
        let (_, tools) = upstream.connection().await?;
        Ok(tools.iter().map(|t| tool_info(server, t)).collect())
    }

    /// One tool and whether its server annotated it.
    pub async fn find_tool(
        &self,
        server: &str,
        tool: &str,
    ) -> Result<(ToolInfo, bool), UpstreamError> {
        let upstream = self.get(server)?;
        let (_, tools) = upstream.connection().await?;
        match tools.iter().find(|t| t.name == tool) {
            Some(found) => Ok((tool_info(server, found), is_annotated(found))),
            None => {
                let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
                names.sort_unstable();
                let shown = names
                    .iter()
                    .take(40)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                let more = if names.len() > 40 { ", …" } else { "" };
                Err(UpstreamError::Failed {
                    server: server.to_owned(),
                    message: format!("it has no tool `{tool}` (it has: {shown}{more})"),
                })
            }
        }
    }

    /// The tools of every server that can be reached, and the errors of those that cannot.
    pub async fn all_tools(&self) -> (Vec<ToolInfo>, Vec<(String, UpstreamError)>) {
        let results = futures::future::join_all(
            self.servers
                .keys()
                .map(|name| async move { (name.clone(), self.tools(name).await) }),
        )
        .await;
        let mut tools = Vec::new();
        let mut errors = Vec::new();
        for (name, result) in results {
            match result {
                Ok(list) => tools.extend(list),
                Err(err) => errors.push((name, err)),
            }
        }
        (tools, errors)
    }

    /// Calls a tool. The result is the upstream's own (an `isError` result is `Ok`).
    pub async fn call(
        &self,
        server: &str,
        tool: &str,
        arguments: serde_json::Map<String, serde_json::Value>,
    ) -> Result<CallToolResult, UpstreamError> {
        let upstream = self.get(server)?;
        let timeout = upstream.timeout();
        let (service, _) = upstream.connection().await?;
        let params = CallToolRequestParams::new(tool.to_owned()).with_arguments(arguments);
        match tokio::time::timeout(timeout, service.call_tool(params)).await {
            Err(_) => Err(UpstreamError::Timeout {
                server: server.to_owned(),
                timeout,
            }),
            Ok(Ok(result)) => Ok(result),
            Ok(Err(err)) => {
                let message = err.to_string();
                if matches!(
                    err,
                    rmcp::ServiceError::TransportClosed | rmcp::ServiceError::TransportSend(_)
                ) {
                    upstream.reset(&service).await;
                }
                Err(UpstreamError::Failed {
                    server: server.to_owned(),
                    message,
                })
            }
        }
    }

    /// Closes every connection (stdio servers are killed with their transport).
    pub async fn shutdown(&self) {
        for upstream in self.servers.values() {
            let mut state = upstream.state.lock().await;
            *state = State::Idle;
        }
    }
}
