//! Test support: starts the scripted model (`tests/scripted-model/server.py`, Python 3
//! standard library only), a local HTTP server that speaks the real OpenAI Chat Completions
//! and Anthropic Messages protocols from a script, and reads the requests it received.
//! Used by this crate's tests and by the language server's; not part of the product.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The scripted model's server program in this repository.
pub fn server_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scripted-model/server.py")
}

/// A running scripted model; killed on drop (and the directory [`ScriptedModel::start`] made
/// for it removed).
pub struct ScriptedModel {
    child: Child,
    port: u16,
    dir: PathBuf,
    owns_dir: bool,
}

impl ScriptedModel {
    /// Starts the server with `script` (the format is in `tests/scripted-model/README.md`).
    pub fn start(script: &serde_json::Value) -> std::io::Result<Self> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "codemode-scripted-model-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        let script_path = dir.join("script.json");
        std::fs::write(&script_path, serde_json::to_vec_pretty(script)?)?;
        let mut model = Self::start_file(&script_path, dir)?;
        model.owns_dir = true;
        Ok(model)
    }

    /// Starts the server with a script file; its request log goes to `dir/requests.jsonl`
    /// (`dir` is left in place on drop).
    pub fn start_file(script: &Path, dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        let python = std::env::var_os("CODEMODE_TEST_PYTHON").unwrap_or_else(|| "python3".into());
        let mut child = Command::new(python)
            .arg(server_script())
            .arg(script)
            .arg(dir.join("requests.jsonl"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other(format!(
                "the scripted model did not start (first line: {line:?})"
            )));
        };
        Ok(Self {
            child,
            port,
            dir,
            owns_dir: false,
        })
    }

    /// The request log: `requests.jsonl` in the server's directory.
    pub fn log_path(&self) -> PathBuf {
        self.dir.join("requests.jsonl")
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Base URL for the `openai` provider: `http://127.0.0.1:PORT/v1`.
    pub fn openai_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// Base URL for the `anthropic` provider: `http://127.0.0.1:PORT`.
    pub fn anthropic_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every line of the request log so far: requests (`{"seq", "path", "protocol",
    /// "headers", "body", "step"}`) and events (`{"event": "client_closed", "seq"}`).
    pub fn log(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.dir.join("requests.jsonl")).unwrap_or_default();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("the request log holds JSON lines"))
            .collect()
    }

    /// The requests received so far (the log without events).
    pub fn requests(&self) -> Vec<serde_json::Value> {
        self.log()
            .into_iter()
            .filter(|entry| entry.get("event").is_none())
            .collect()
    }

    /// Waits until the log has an entry satisfying `condition`, up to `timeout`. Blocks the
    /// thread: in async tests use [`Self::wait_for_async`].
    pub fn wait_for(
        &self,
        timeout: Duration,
        condition: impl Fn(&serde_json::Value) -> bool,
    ) -> Option<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(found) = self.log().into_iter().find(&condition) {
                return Some(found);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// [`Self::wait_for`] for async tests: yields to the runtime while waiting, so that its
    /// tasks (e.g. the HTTP client closing a connection) go on.
    pub async fn wait_for_async(
        &self,
        timeout: Duration,
        condition: impl Fn(&serde_json::Value) -> bool,
    ) -> Option<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(found) = self.log().into_iter().find(&condition) {
                return Some(found);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// How the key was recorded: the server logs `sha256:<hex>` instead of a key.
    pub fn key_fingerprint(key: &str) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(key.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

impl Drop for ScriptedModel {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if self.owns_dir {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
