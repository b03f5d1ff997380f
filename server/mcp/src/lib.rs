//! codemode's MCP front (the only crate that knows MCP; rmcp 3.9): `execute_code` runs
//! programs in the sandbox with the tools of upstream MCP servers reachable through the host,
//! where policy, rate limits and PII tokens apply; upstream tools are disclosed on demand
//! (search, typed stubs as resources); skills are saved and imported later.
//!
//! [`McpServer`] is built once per process and serves any number of connections (stdio, or
//! Streamable HTTP sessions). A front can add tools ([`ToolProvider`]) and an [`Approver`]
//! for destructive tool calls.

mod catalog;
mod core;
pub mod editor;
mod execute;
mod host;
pub mod http;
mod policy;
mod sampling;
mod server;
mod sessions;
mod skills;
mod upstream;

use std::sync::Arc;

use anyhow::Context;
use codemode_runtimes::Runtimes;
use codemode_service::Settings;
use rmcp::ServiceExt;

pub use crate::catalog::ToolInfo;
pub use crate::editor::{Editor, EditorTools};
pub use crate::execute::{CodeLanguage, outcome_json};
pub use crate::http::{HttpOptions, HttpServer};
pub use crate::policy::Approver;
pub use crate::sampling::SamplingHook;
pub use crate::server::{CodemodeMcp, ExecuteCodeParams, ToolProvider};

/// The MCP server of one process. Cheap to clone.
#[derive(Clone)]
pub struct McpServer {
    core: Arc<core::Core>,
    providers: Arc<Vec<Arc<dyn ToolProvider>>>,
}

/// Builds an [`McpServer`]: settings and runtimes, plus what a front adds.
pub struct McpServerBuilder {
    settings: Settings,
    runtimes: Arc<Runtimes>,
    providers: Vec<Arc<dyn ToolProvider>>,
    approver: Option<Arc<dyn Approver>>,
    sampling: Option<SamplingHook>,
}

impl McpServerBuilder {
    /// Adds tools of a front (e.g. the editor's open documents).
    pub fn tool_provider(mut self, provider: Arc<dyn ToolProvider>) -> Self {
        self.providers.push(provider);
        self
    }

    /// Lets someone approve destructive upstream tool calls (the editor prompt).
    pub fn approver(mut self, approver: Arc<dyn Approver>) -> Self {
        self.approver = Some(approver);
        self
    }

    /// Hands the front the model of connected MCP hosts that offer sampling (the AI actions'
    /// `mcp-sampling` backend): `Some` when such a host initializes, `None` when none is left.
    /// Without a hook, hosts' sampling is not used.
    pub fn on_sampling_host(mut self, hook: SamplingHook) -> Self {
        self.sampling = Some(hook);
        self
    }

    pub fn build(self) -> McpServer {
        let mut core = core::Core::new(self.settings, self.runtimes);
        core.approver = self.approver;
        core.sampling = self.sampling.map(sampling::SamplingHosts::new);
        McpServer {
            core: Arc::new(core),
            providers: Arc::new(self.providers),
        }
    }
}

impl McpServer {
    pub fn builder(settings: Settings, runtimes: Arc<Runtimes>) -> McpServerBuilder {
        McpServerBuilder {
            settings,
            runtimes,
            providers: Vec::new(),
            approver: None,
            sampling: None,
        }
    }

    /// The handler of one new client connection (its own sessions and PII tokens).
    pub fn connection(&self) -> CodemodeMcp {
        CodemodeMcp::new(Arc::clone(&self.core), Arc::clone(&self.providers))
    }

    /// Serves one client over any byte stream pair until it disconnects.
    pub async fn serve_io<R, W>(&self, read: R, write: W) -> anyhow::Result<()>
    where
        R: tokio::io::AsyncRead + Send + Unpin + 'static,
        W: tokio::io::AsyncWrite + Send + Unpin + 'static,
    {
        let running = self
            .connection()
            .serve((read, write))
            .await
            .context("the MCP client did not initialize")?;
        running.waiting().await.context("the MCP session failed")?;
        Ok(())
    }

    /// Serves one client over stdin/stdout (logs go to stderr).
    pub async fn serve_stdio(&self) -> anyhow::Result<()> {
        let result = self.serve_io(tokio::io::stdin(), tokio::io::stdout()).await;
        self.shutdown().await;
        result
    }

    /// Binds the Streamable HTTP endpoint (`/mcp`); run it with [`HttpServer::run`].
    pub async fn bind_http(&self, options: HttpOptions) -> anyhow::Result<HttpServer> {
        http::bind(self.clone(), options).await
    }

    /// Closes the upstream connections (stdio servers are stopped).
    pub async fn shutdown(&self) {
        self.core.upstreams.shutdown().await;
    }
}
