//! A small LSP client that drives the real `codemode lsp` binary over its stdio: JSON-RPC
//! frames with `Content-Length` headers, requests matched to responses by id, notifications
//! kept in arrival order, and server→client requests answered on the spot.
//!
//! Shared by the tests (`tests/lsp/`) and the benchmark (`benches/lsp.rs`, through `#[path]`),
//! so not every item is used by both.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single wait may take before the test fails: generous, because the point of
/// a timeout here is "it does not hang", never a performance check.
pub const TIMEOUT: Duration = Duration::from_secs(90);

/// The workspace root (where `target/test-cache` lives).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// What the reader thread hands over.
enum Incoming {
    Message(Value),
    /// A frame whose body is not JSON (the server broke the protocol).
    Garbage(String),
    Closed,
}

/// What the client answers when the server asks something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerRequests {
    /// Answer `workspace/codeLens/refresh`, `window/workDoneProgress/create`, ... with `null`.
    Answer,
    /// Never answer (a client that is busy or broken).
    Ignore,
}

pub struct TestServer {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Incoming>,
    /// Messages received but not consumed yet, in arrival order (responses are taken out by
    /// `response`, notifications by `notification` / `take_notifications`).
    received: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    /// Every request the server sent to the client, in order.
    pub server_requests: Vec<Value>,
    pub answer: ServerRequests,
    closed: bool,
}

pub struct Builder {
    capabilities: Value,
    initialization_options: Option<Value>,
    env: Vec<(String, String)>,
}

impl Builder {
    /// The capabilities sent in `initialize` (default: none at all).
    pub fn capabilities(mut self, capabilities: Value) -> Self {
        self.capabilities = capabilities;
        self
    }

    pub fn initialization_options(mut self, options: Value) -> Self {
        self.initialization_options = Some(options);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Spawns the server without initializing it.
    pub fn spawn(self) -> TestServer {
        TestServer::spawn_with(&self.env)
    }

    /// Spawns the server, sends `initialize` and `initialized`; returns it with the
    /// `initialize` result.
    pub fn start(self) -> (TestServer, Value) {
        let mut server = TestServer::spawn_with(&self.env);
        let mut params = json!({
            "processId": std::process::id(),
            "rootUri": null,
            "capabilities": self.capabilities,
        });
        if let Some(options) = self.initialization_options {
            params["initializationOptions"] = options;
        }
        let result = server
            .request("initialize", params)
            .unwrap_or_else(|e| panic!("initialize failed: {e}"));
        server.notify("initialized", json!({}));
        (server, result)
    }
}

impl TestServer {
    pub fn builder() -> Builder {
        Builder {
            capabilities: json!({}),
            initialization_options: None,
            env: Vec::new(),
        }
    }

    /// A server initialized with the capabilities of a typical editor (UTF-16 only, code
    /// lens refresh, work-done progress).
    pub fn start() -> TestServer {
        Self::builder()
            .capabilities(editor_capabilities())
            .start()
            .0
    }

    fn spawn_with(env: &[(String, String)]) -> TestServer {
        let root = workspace();
        let mut command = Command::new(env!("CARGO_BIN_EXE_codemode"));
        command
            .arg("lsp")
            .current_dir(&root)
            .env("CODEMODE_CACHE_DIR", root.join("target/test-cache"))
            .env_remove("CODEMODE_CONFIG")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn codemode lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stderr_pipe = child.stderr.take().expect("stderr");
        let (tx, incoming) = channel();
        thread::spawn(move || read_frames(BufReader::new(stdout), &tx));
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut reader = BufReader::new(stderr_pipe);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        TestServer {
            stdin: child.stdin.take(),
            child,
            incoming,
            received: VecDeque::new(),
            next_id: 0,
            stderr,
            server_requests: Vec::new(),
            answer: ServerRequests::Answer,
            closed: false,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server logged so far (stderr).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    // Sending.

    /// Sends one frame with `body` as it is (which need not be JSON).
    pub fn send_raw(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.write(&frame);
    }

    /// Writes bytes to the server's stdin with no framing at all.
    pub fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin
            .write_all(bytes)
            .and_then(|()| stdin.flush())
            .expect("write to the server");
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(&serde_json::to_vec(message).unwrap());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its id (see [`TestServer::response`]).
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response: the result, or the error object.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, ResponseError> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// A request that must succeed.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.request(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}\nserver stderr:\n{}", self.stderr()))
    }

    // Receiving.

    /// Records and answers `message` if it is a request from the server.
    fn answer_request(&mut self, message: &Value) {
        if !is_server_request(message) {
            return;
        }
        if self.answer == ServerRequests::Answer {
            self.send(&json!({"jsonrpc": "2.0", "id": message["id"], "result": null}));
        }
        self.server_requests.push(message.clone());
    }

    /// The next message from the server; its requests are recorded and answered, and handed
    /// back too. `None` at the end of the output.
    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(Incoming::Message(message)) => {
                self.answer_request(&message);
                Some(message)
            }
            Ok(Incoming::Garbage(text)) => {
                panic!("the server wrote a frame that is not JSON: {text:?}")
            }
            Ok(Incoming::Closed) | Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                None
            }
            Err(RecvTimeoutError::Timeout) => panic!(
                "no message from the server within {TIMEOUT:?}\nreceived: {:#?}\nserver stderr:\n{}",
                self.received,
                self.stderr()
            ),
        }
    }

    /// Waits for the response to request `id`, keeping everything else that arrives.
    pub fn response(&mut self, id: i64) -> Result<Value, ResponseError> {
        let is_it = |m: &Value| m.get("method").is_none() && m["id"] == json!(id);
        if let Some(at) = self.received.iter().position(is_it) {
            return into_result(self.received.remove(at).unwrap());
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let Some(message) = self.receive(deadline) else {
                panic!(
                    "the server closed its output before answering request {id}\nserver stderr:\n{}",
                    self.stderr()
                );
            };
            if is_it(&message) {
                return into_result(message);
            }
            if !is_server_request(&message) {
                self.received.push_back(message);
            }
        }
    }

    /// Waits for the next message that `matches`, taking it out; earlier ones stay.
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.received.iter().position(&matches) {
            return self.received.remove(at).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let Some(message) = self.receive(deadline) else {
                panic!(
                    "the server closed its output while waiting for {what}\nserver stderr:\n{}",
                    self.stderr()
                );
            };
            if is_server_request(&message) {
                continue;
            }
            if matches(&message) {
                return message;
            }
            self.received.push_back(message);
        }
    }

    /// Waits until the server has sent the request `method` (answered as [`Self::answer`]
    /// says); returns it.
    pub fn wait_for_server_request(&mut self, method: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(request) = self.server_requests.iter().find(|r| r["method"] == method) {
                return request.clone();
            }
            match self.receive(deadline) {
                Some(message) if !is_server_request(&message) => self.received.push_back(message),
                Some(_) => {}
                None => panic!("the server closed its output while waiting for {method}"),
            }
        }
    }

    /// Waits for the next notification `method`; returns its params.
    pub fn notification(&mut self, method: &str) -> Value {
        self.wait_for(method, |m| m["method"] == method && m.get("id").is_none())["params"].clone()
    }

    /// Everything received and not consumed yet, after reading what is already waiting.
    pub fn take_received(&mut self) -> Vec<Value> {
        self.drain(Duration::ZERO);
        self.received.drain(..).collect()
    }

    /// Reads messages for `quiet` (or until the output closes), keeping them.
    pub fn drain(&mut self, quiet: Duration) {
        let deadline = Instant::now() + quiet;
        while !self.closed {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(Incoming::Message(message)) => {
                    self.answer_request(&message);
                    if !is_server_request(&message) {
                        self.received.push_back(message);
                    }
                }
                Ok(Incoming::Garbage(text)) => {
                    panic!("the server wrote a frame that is not JSON: {text:?}")
                }
                Ok(Incoming::Closed) | Err(RecvTimeoutError::Disconnected) => self.closed = true,
                Err(RecvTimeoutError::Timeout) => return,
            }
        }
    }

    // Documents.

    pub fn open(&mut self, uri: &str, language_id: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": language_id, "version": version, "text": text,
            }}),
        );
    }

    /// Sends one ranged change (`[start_line, start_char, end_line, end_char]`).
    pub fn change(&mut self, uri: &str, version: i32, range: [u32; 4], text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": range_json(range), "text": text}],
            }),
        );
    }

    pub fn code_actions(&mut self, uri: &str, range: [u32; 4]) -> Result<Value, ResponseError> {
        self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": range_json(range),
                "context": {"diagnostics": []},
            }),
        )
    }

    pub fn code_lenses(&mut self, uri: &str) -> Value {
        self.call(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
    }

    /// Runs a command (as given by an action or a lens).
    pub fn execute(&mut self, command: &Value) -> Result<Value, ResponseError> {
        self.request(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
    }

    // The end.

    /// `shutdown`, then `exit`; the exit status of the process.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let result = self.call("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Closes the server's stdin (the client went away).
    pub fn close_input(&mut self) {
        drop(self.stdin.take());
    }

    /// Waits for the process to end on its own (within [`TIMEOUT`]), its stdin still open
    /// (an editor may keep the pipe open after `exit`).
    pub fn wait_exit(mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit within {TIMEOUT:?}\nserver stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// The process's resident memory in KiB (`VmRSS`).
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("/proc/<pid>/status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A JSON-RPC error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl std::fmt::Display for ResponseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error {}: {}", self.code, self.message)
    }
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
pub const INVALID_PARAMS: i64 = -32602;
pub const INTERNAL_ERROR: i64 = -32603;

fn into_result(response: Value) -> Result<Value, ResponseError> {
    match response.get("error") {
        Some(error) => Err(ResponseError {
            code: error["code"].as_i64().expect("error code"),
            message: error["message"].as_str().unwrap_or_default().to_owned(),
            data: error.get("data").cloned(),
        }),
        None => Ok(response.get("result").cloned().unwrap_or(Value::Null)),
    }
}

/// A request from the server to the client (it has a method and an id).
pub fn is_server_request(message: &Value) -> bool {
    message.get("method").is_some() && message.get("id").is_some()
}

pub fn range_json([l1, c1, l2, c2]: [u32; 4]) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// What VS Code says about itself, in the parts codemode looks at.
pub fn editor_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"codeLens": {"refreshSupport": true}},
        "window": {"workDoneProgress": true},
        // codemode's own clients render `codemode/runResult` (no message per run).
        "experimental": {"codemode": {"runResults": true}},
        "textDocument": {
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "codemode.run"]}}},
            "codeLens": {},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
        },
    })
}

/// Reads `Content-Length` frames until the stream ends.
fn read_frames(mut reader: impl BufRead, tx: &std::sync::mpsc::Sender<Incoming>) {
    loop {
        let mut length = None;
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Incoming::Closed);
                    return;
                }
                Ok(_) => {}
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some(value) = header.strip_prefix("Content-Length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else {
            let _ = tx.send(Incoming::Garbage("a frame without Content-Length".into()));
            continue;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            let _ = tx.send(Incoming::Closed);
            return;
        }
        let message = match serde_json::from_slice(&body) {
            Ok(value) => Incoming::Message(value),
            Err(_) => Incoming::Garbage(String::from_utf8_lossy(&body).into_owned()),
        };
        if tx.send(message).is_err() {
            return;
        }
    }
}
