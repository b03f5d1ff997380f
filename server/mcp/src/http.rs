//! Streamable HTTP: the rmcp service behind a guard that checks, in this order, the `Host`
//! and `Origin` headers (403: DNS-rebinding protection) and the bearer token (401). Request
//! bodies are capped (413) by the rmcp service.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderMap, StatusCode, header};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio_util::sync::CancellationToken;

use crate::McpServer;

/// How `codemode mcp --http` listens.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub addr: SocketAddr,
    /// Needed to listen on a non-loopback address.
    pub allow_remote: bool,
    /// The bearer token; `None` uses the stored one (generated on first use).
    pub token: Option<String>,
    /// Where the generated token is stored; default `<state dir>/codemode/mcp-token`.
    pub token_file: Option<PathBuf>,
    /// Serve without a token (loopback only; for test suites that cannot send one).
    pub no_auth: bool,
    /// Extra `Origin`s allowed besides loopback ones (`https://app.example:443`).
    pub allowed_origins: Vec<String>,
    /// Extra `Host` names allowed besides loopback ones (needed for a remote bind).
    pub allowed_hosts: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
}

impl HttpOptions {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            allow_remote: false,
            token: None,
            token_file: None,
            no_auth: false,
            allowed_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            max_body_bytes: 4 << 20,
        }
    }
}

#[derive(Clone)]
struct Guard {
    token: Option<Arc<str>>,
    hosts: Arc<Vec<String>>,
    origins: Arc<Vec<String>>,
}

/// The default place of the token: `$XDG_STATE_HOME/codemode/mcp-token` (or the config dir).
pub fn default_token_file() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::config_dir)
        .map(|d| d.join("codemode").join("mcp-token"))
}

/// Reads the stored token or creates one (32 random bytes, hex) readable by the owner only.
pub fn load_or_create_token(path: &Path) -> anyhow::Result<String> {
    if let Ok(text) = std::fs::read_to_string(path) {
        let token = text.trim().to_owned();
        if token.len() >= 32 {
            return Ok(token);
        }
        tracing::warn!(path = %path.display(), "the stored token is too short; making a new one");
    }
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    write_private(path, &token).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(token)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
    std::fs::rename(&tmp, path)
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

fn loopback_hosts() -> Vec<String> {
    vec![
        "localhost".into(),
        "127.0.0.1".into(),
        "[::1]".into(),
        "::1".into(),
    ]
}

/// The host name of a `Host` header value (`name`, `name:port`, `[v6]:port`).
fn host_name(value: &str) -> &str {
    if let Some(rest) = value.strip_prefix('[') {
        return rest
            .split(']')
            .next()
            .map_or(value, |h| &value[..h.len() + 2]);
    }
    match value.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => value,
    }
}

impl Guard {
    fn host_ok(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
            return false;
        };
        let name = host_name(host).to_ascii_lowercase();
        self.hosts.iter().any(|allowed| {
            allowed.eq_ignore_ascii_case(&name) || allowed.eq_ignore_ascii_case(host)
        })
    }

    fn origin_ok(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true; // not a browser
        };
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        if self.origins.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
            return true;
        }
        let Some(rest) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false;
        };
        let name = host_name(rest).to_ascii_lowercase();
        matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }

    fn token_ok(&self, headers: &HeaderMap) -> bool {
        let Some(expected) = &self.token else {
            return true;
        };
        let Some(value) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let Some(given) = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
        else {
            return false;
        };
        constant_time_eq(given.trim().as_bytes(), expected.as_bytes())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn refuse(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32600, "message": message},
    });
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            http::HeaderValue::from_static("Bearer realm=\"codemode\""),
        );
    }
    response
}

async fn guard(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !guard.host_ok(headers) {
        tracing::warn!(host = ?headers.get(header::HOST), "refused: Host not allowed");
        return refuse(StatusCode::FORBIDDEN, "Forbidden: Host header not allowed");
    }
    if !guard.origin_ok(headers) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "refused: Origin not allowed");
        return refuse(StatusCode::FORBIDDEN, "Forbidden: Origin not allowed");
    }
    if !guard.token_ok(headers) {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Unauthorized: send the codemode token as `Authorization: Bearer <token>`",
        );
    }
    next.run(request).await
}

/// A bound listener and the app that serves it.
pub struct HttpServer {
    listener: tokio::net::TcpListener,
    app: axum::Router,
    cancel: CancellationToken,
    token: Option<Arc<str>>,
}

impl HttpServer {
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The bearer token clients must send (`None` when serving without one).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn cancellation(&self) -> CancellationToken {
        self.cancel.clone()
    }

    pub async fn run(self) -> anyhow::Result<()> {
        let cancel = self.cancel.clone();
        axum::serve(self.listener, self.app)
            .with_graceful_shutdown(async move { cancel.cancelled().await })
            .await
            .context("the HTTP server failed")
    }
}

/// Binds `options.addr` and builds the app; the token is resolved (and created) here.
pub async fn bind(server: McpServer, options: HttpOptions) -> anyhow::Result<HttpServer> {
    let loopback = options.addr.ip().is_loopback();
    if !loopback && !options.allow_remote {
        anyhow::bail!(
            "{} is not a loopback address: pass --allow-remote to listen on it (a token is then always required)",
            options.addr
        );
    }
    if options.no_auth && !loopback {
        anyhow::bail!("--no-auth is only allowed on a loopback address");
    }
    let token = if options.no_auth {
        tracing::warn!("serving MCP over HTTP without a token (loopback only)");
        None
    } else if let Some(token) = &options.token {
        if token.len() < 16 {
            anyhow::bail!("the token must be at least 16 characters");
        }
        tracing::info!("using the token given on the command line or in $CODEMODE_MCP_TOKEN");
        Some(token.clone())
    } else {
        let path = options
            .token_file
            .clone()
            .or_else(default_token_file)
            .context("no state or config directory for the token: pass --token")?;
        let token = load_or_create_token(&path)?;
        tracing::info!(path = %path.display(), "bearer token stored (owner-only permissions)");
        Some(token)
    };
    let mut hosts = if loopback {
        loopback_hosts()
    } else {
        Vec::new()
    };
    if !loopback {
        hosts.push(options.addr.ip().to_string());
    }
    hosts.extend(options.allowed_hosts.iter().cloned());
    let cancel = CancellationToken::new();
    let config = StreamableHttpServerConfig::default()
        .disable_allowed_hosts() // checked by the guard, before authentication
        .with_max_request_body_bytes(options.max_body_bytes)
        .with_cancellation_token(cancel.child_token());
    let factory = server.clone();
    let service = StreamableHttpService::new(
        move || Ok(factory.connection()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let token: Option<Arc<str>> = token.map(Into::into);
    let guard_state = Guard {
        token: token.clone(),
        hosts: Arc::new(hosts),
        origins: Arc::new(options.allowed_origins.clone()),
    };
    let app = axum::Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state(guard_state, guard));
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .with_context(|| format!("cannot listen on {}", options.addr))?;
    tracing::info!(addr = %listener.local_addr()?, "MCP over Streamable HTTP at /mcp");
    Ok(HttpServer {
        listener,
        app,
        cancel,
        token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert_eq!(host_name("localhost:8080"), "localhost");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
        assert_eq!(host_name("[::1]:9"), "[::1]");
        assert_eq!(host_name("evil.example"), "evil.example");
    }

    #[test]
    fn tokens_are_private_and_stable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/codemode/mcp-token");
        let first = load_or_create_token(&path).unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(load_or_create_token(&path).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
