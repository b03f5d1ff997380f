//! Shared by the runtime tests: one `Runtimes` per test process, with the compiled-code cache
//! shared by every test process of the workspace (`target/test-cache`), so the big CPython
//! component is compiled once per build, not once per test.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::Duration;

use codemode_runtimes::{
    CodeCache, Language, RunOutcome, RunRequest, RuntimeConfig, Runtimes, Sandbox,
};

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub static RUNTIMES: LazyLock<Runtimes> = LazyLock::new(|| runtimes(RuntimeConfig::default()));

pub fn runtimes(config: RuntimeConfig) -> Runtimes {
    let cache = workspace().join("target/test-cache");
    let sandbox = Sandbox::new(CodeCache::new(Some(cache))).expect("sandbox");
    Runtimes::new(sandbox, config)
}

pub fn request(language: Language, code: &str) -> RunRequest {
    RunRequest::new(language, code, "snippet")
}

pub async fn run(language: Language, code: &str) -> RunOutcome {
    RUNTIMES
        .run(request(language, code))
        .await
        .expect("runtime available")
}

pub async fn run_with(request: RunRequest) -> RunOutcome {
    RUNTIMES.run(request).await.expect("runtime available")
}

pub fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}
