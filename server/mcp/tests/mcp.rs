//! codemode-mcp through the real protocol, in-process: an rmcp client talks to `McpServer`
//! over a duplex stream; the upstream is an rmcp server over Streamable HTTP on a loopback
//! port (its tools: a read-only lookup returning personal data, an annotated writer, an
//! unannotated one). No Node or Python needed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use codemode_mcp::{HttpOptions, McpServer};
use codemode_runtimes::{CodeCache, Runtimes, Sandbox};
use codemode_service::Settings;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolRequestParams, CallToolResult, ServerCapabilities, ServerConfig};
use rmcp::service::RunningService;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{RoleClient, ServerHandler, ServiceExt, tool, tool_handler, tool_router};
use serde_json::{Value, json};

#[derive(Clone)]
struct Upstream {
    written: Arc<Mutex<Vec<String>>>,
    tool_router: ToolRouter<Self>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct LookupParams {
    /// Who to look up.
    name: String,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct WriteParams {
    /// What to write.
    text: String,
}

#[tool_router]
impl Upstream {
    #[tool(description = "Look up a contact.", annotations(read_only_hint = true))]
    fn lookup(&self, Parameters(p): Parameters<LookupParams>) -> String {
        json!({"name": p.name, "email": "ada@example.com", "phone": "+44 20 7946 0958"}).to_string()
    }

    #[tool(
        description = "Write a note.",
        annotations(read_only_hint = false, destructive_hint = false)
    )]
    fn write_note(&self, Parameters(p): Parameters<WriteParams>) -> String {
        self.written.lock().unwrap().push(p.text);
        "ok".into()
    }

    #[tool(description = "Erase everything (no annotations: destructive by default).")]
    fn erase(&self) -> String {
        self.written.lock().unwrap().clear();
        "erased".into()
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Upstream {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
    }
}

async fn upstream() -> (String, Arc<Mutex<Vec<String>>>) {
    let written = Arc::new(Mutex::new(Vec::new()));
    let handler = Upstream {
        written: Arc::clone(&written),
        tool_router: Upstream::tool_router(),
    };
    let service = StreamableHttpService::new(
        move || Ok(handler.clone()),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default(),
    );
    let app = axum::Router::new().nest_service("/mcp", service);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/mcp"), written)
}

fn runtimes() -> Arc<Runtimes> {
    let cache = std::env::var_os("CODEMODE_CACHE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-cache")
        });
    Arc::new(Runtimes::new(
        Sandbox::new(CodeCache::new(Some(cache))).unwrap(),
        Default::default(),
    ))
}

async fn client(settings: Value) -> (RunningService<RoleClient, ()>, McpServer) {
    let settings: Settings = serde_json::from_value(settings).unwrap();
    let server = McpServer::builder(settings, runtimes()).build();
    let (client_io, server_io) = tokio::io::duplex(1 << 20);
    let (read, write) = tokio::io::split(server_io);
    tokio::spawn({
        let server = server.clone();
        async move { server.serve_io(read, write).await }
    });
    (().serve(client_io).await.unwrap(), server)
}

async fn execute(
    client: &RunningService<RoleClient, ()>,
    code: &str,
    session: Option<&str>,
) -> Value {
    let mut args = json!({"language": "python", "code": code});
    if let Some(id) = session {
        args["session"] = json!(id);
    }
    let result: CallToolResult = client
        .call_tool(
            CallToolRequestParams::new("execute_code")
                .with_arguments(args.as_object().unwrap().clone()),
        )
        .await
        .unwrap();
    result.structured_content.expect("structured content")
}

#[tokio::test(flavor = "multi_thread")]
async fn upstream_calls_policy_and_pii_through_the_protocol() {
    let (url, written) = upstream().await;
    let (client, server) =
        client(json!({"mcpServers": {"notes": {"type": "http", "url": url}}})).await;

    let tools = client.peer().list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert!(
        names.contains(&"execute_code") && !names.contains(&"lookup"),
        "{names:?}"
    );

    // The contact's email never reaches the client; a token does.
    let out = execute(
        &client,
        "from servers import notes\nc = notes.lookup(name='Ada')\nprint(c['email'], c['phone'])",
        None,
    )
    .await;
    assert_eq!(out["status"], "ok", "{out}");
    let text = out.to_string();
    assert!(!text.contains("ada@example.com"), "{text}");
    assert!(
        out["stdout"].as_str().unwrap().contains("[EMAIL_1]"),
        "{out}"
    );

    // A token passed back reaches the upstream as the real value (same connection).
    let out = execute(
        &client,
        "from servers import notes\nnotes.write_note(text='mail [EMAIL_1]')",
        None,
    )
    .await;
    assert_eq!(out["status"], "ok", "{out}");
    assert_eq!(written.lock().unwrap().as_slice(), ["mail ada@example.com"]);

    // An unannotated tool is destructive by default: refused, never called.
    let out = execute(&client, "from servers import notes\nnotes.erase()", None).await;
    assert_eq!(out["status"], "error");
    assert!(
        out["error"]["message"]
            .as_str()
            .unwrap()
            .contains("needs approval"),
        "{out}"
    );
    assert_eq!(written.lock().unwrap().len(), 1);
    client.cancel().await.unwrap();
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_rate_limits_and_unreachable_servers() {
    let (url, _written) = upstream().await;
    let (client, server) = client(json!({
        "mcpServers": {
            "notes": {"type": "http", "url": url},
            "gone": {"type": "http", "url": "http://127.0.0.1:9/mcp", "timeout": "2s"}
        },
        "policy": {"callsPerRun": 2}
    }))
    .await;
    let set = execute(
        &client,
        "from servers import session\nsession.set(key='k', value=[1, 2])",
        Some("a"),
    )
    .await;
    assert_eq!(set["status"], "ok", "{set}");
    let get = execute(
        &client,
        "from servers import session\nsession.get(key='k')",
        Some("a"),
    )
    .await;
    assert_eq!(get["value"], "[1, 2]", "{get}");

    let limited = execute(
        &client,
        "from servers import notes\nfor _ in range(3):\n    notes.lookup(name='x')",
        None,
    )
    .await;
    assert!(
        limited["error"]["message"]
            .as_str()
            .unwrap()
            .contains("callsPerRun"),
        "{limited}"
    );

    let gone = execute(&client, "from servers import gone\n1", None).await;
    assert!(gone["unreachableServers"]["gone"].is_string(), "{gone}");
    client.cancel().await.unwrap();
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn http_guard_answers_403_then_401() {
    let settings = Settings::default();
    let server = McpServer::builder(settings, runtimes()).build();
    let dir = tempfile::tempdir().unwrap();
    let mut options = HttpOptions::new("127.0.0.1:0".parse().unwrap());
    options.token_file = Some(dir.path().join("token"));
    let http = server.bind_http(options).await.unwrap();
    let addr = http.local_addr().unwrap();
    let token = std::fs::read_to_string(dir.path().join("token")).unwrap();
    let cancel = http.cancellation();
    tokio::spawn(http.run());
    let status = |headers: Vec<(&'static str, String)>| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#;
        let mut request = format!(
            "POST /mcp HTTP/1.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        if !headers.iter().any(|(k, _)| *k == "Host") {
            request.push_str(&format!("Host: {addr}\r\n"));
        }
        for (k, v) in &headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response[9..12].parse::<u16>().unwrap()
    };
    let bearer = format!("Bearer {token}");
    assert_eq!(status(vec![]).await, 401);
    assert_eq!(
        status(vec![("Authorization", "Bearer nope".into())]).await,
        401
    );
    assert_eq!(status(vec![("Host", "evil.example".into())]).await, 403);
    assert_eq!(
        status(vec![
            ("Authorization", bearer.clone()),
            ("Origin", "https://evil.example".into())
        ])
        .await,
        403
    );
    assert_ne!(status(vec![("Authorization", bearer)]).await, 401);
    cancel.cancel();
}
