//! `codemode mcp`: the MCP server in code mode, over stdio or Streamable HTTP.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use codemode_mcp::{HttpOptions, McpServer};
use codemode_service::Settings;

use crate::units;

#[derive(clap::Args)]
pub struct Args {
    /// Serve Streamable HTTP at http://ADDR/mcp instead of stdio (default address
    /// 127.0.0.1:8765). A bearer token is required (see --token).
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = "127.0.0.1:8765")]
    http: Option<SocketAddr>,
    /// Allow listening on a non-loopback address (a token is then always required).
    #[arg(long, requires = "http")]
    allow_remote: bool,
    /// The bearer token clients must send. Default: generated once and stored with
    /// owner-only permissions in the state directory (the path is logged, never the token).
    #[arg(
        long,
        env = "CODEMODE_MCP_TOKEN",
        hide_env_values = true,
        requires = "http"
    )]
    token: Option<String>,
    /// Where the generated token is stored (default: $XDG_STATE_HOME/codemode/mcp-token).
    #[arg(long, value_name = "FILE", requires = "http")]
    token_file: Option<PathBuf>,
    /// Serve without a token. Loopback only; for local test suites that cannot send one.
    #[arg(long, requires = "http", conflicts_with_all = ["token", "allow_remote"])]
    no_auth: bool,
    /// Also allow requests from this browser Origin (repeatable), e.g. https://app.example:443.
    #[arg(long = "allow-origin", value_name = "ORIGIN", requires = "http")]
    allow_origins: Vec<String>,
    /// Also allow this Host name (repeatable); needed behind a reverse proxy or remote bind.
    #[arg(long = "allow-host", value_name = "HOST", requires = "http")]
    allow_hosts: Vec<String>,
    /// Largest request body, e.g. `4M`.
    #[arg(long, value_name = "SIZE", value_parser = units::parse_size, default_value = "4M")]
    max_body: usize,
}

pub async fn run(args: Args, settings: Settings) -> anyhow::Result<ExitCode> {
    let runtimes = Arc::new(super::runtimes(&settings, false)?);
    let server = McpServer::builder(settings, runtimes).build();
    match args.http {
        None => {
            tracing::info!("serving MCP over stdio");
            server.serve_stdio().await?;
        }
        Some(addr) => {
            let mut options = HttpOptions::new(addr);
            options.allow_remote = args.allow_remote;
            options.token = args.token;
            options.token_file = args.token_file;
            options.no_auth = args.no_auth;
            options.allowed_origins = args.allow_origins;
            options.allowed_hosts = args.allow_hosts;
            options.max_body_bytes = args.max_body;
            let http = server.bind_http(options).await?;
            announce(http.local_addr()?);
            http.run().await?;
            server.shutdown().await;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Tells the user (and test scripts) where the server listens, on stderr.
#[allow(clippy::print_stderr)]
fn announce(addr: SocketAddr) {
    eprintln!("codemode: MCP server listening on http://{addr}/mcp");
}
