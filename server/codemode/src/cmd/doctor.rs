//! `codemode doctor`: is this installation ready? Runtimes built and loadable, cache usable,
//! a hello snippet per language, and the sandbox's isolation checked from inside.

use std::process::ExitCode;

use anyhow::Context;
use codemode_runtimes::{CodeCache, Language, PYTHON, QUICKJS, RunRequest, Runtimes, Status};

use codemode_service::Settings;
use codemode_service::settings::ModelProvider;

#[derive(clap::Args)]
pub struct Args {
    /// Only these languages (default: every built-in and configured runtime).
    #[arg(long = "lang", value_name = "LANG")]
    langs: Vec<String>,
}

/// The languages named on the command line, or all of them.
pub fn languages(names: &[String], settings: &Settings) -> anyhow::Result<Vec<Language>> {
    if names.is_empty() {
        let mut all = vec![Language::Python, Language::JavaScript, Language::TypeScript];
        all.extend(
            settings
                .runtimes
                .custom
                .keys()
                .map(|id| Language::Custom(id.clone())),
        );
        return Ok(all);
    }
    names
        .iter()
        .map(|name| {
            Language::from_id(name, &settings.runtimes)
                .with_context(|| format!("unknown language `{name}`"))
        })
        .collect()
}

/// A hello-world per built-in language, and what it must print.
fn hello(language: &Language) -> Option<(&'static str, &'static str)> {
    match language {
        Language::Python => Some(("print(sum(range(10)))", "45\n")),
        Language::JavaScript => Some(("console.log([1, 2, 3].reduce((a, b) => a + b))", "6\n")),
        Language::TypeScript => Some(("const n: number = 7;\nconsole.log(n * 6)", "42\n")),
        Language::Custom(_) => None,
    }
}

/// Runs inside the Python sandbox; prints one line per isolation property.
const ISOLATION_PROBE: &str = r#"
import os, socket
checks = {}
checks["environment is empty"] = len(os.environ) == 0
try:
    open("/etc/passwd").read(); checks["host files are unreachable"] = False
except OSError:
    checks["host files are unreachable"] = True
try:
    os.listdir("/"); checks["no directory is granted"] = False
except OSError:
    checks["no directory is granted"] = True
try:
    s = socket.socket(); s.connect(("127.0.0.1", 9)); checks["network is unreachable"] = False
except Exception:
    checks["network is unreachable"] = True
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
"#;

#[allow(clippy::print_stdout)]
pub async fn run(args: Args, settings: Settings) -> anyhow::Result<ExitCode> {
    println!(
        "codemode {} (wasmtime {})",
        env!("CARGO_PKG_VERSION"),
        codemode_runtimes::wasmtime_version()
    );
    let mut healthy = true;
    match CodeCache::default_dir() {
        Some(dir) => {
            let writable = std::fs::create_dir_all(&dir).is_ok() && tempfile_probe(&dir);
            println!(
                "cache: {} ({})",
                dir.display(),
                if writable {
                    "writable"
                } else {
                    "NOT writable: every start compiles again"
                }
            );
        }
        None => println!("cache: none (no cache directory; every start compiles again)"),
    }
    println!("python guest: {}", PYTHON.source());
    println!("javascript guest: {}", QUICKJS.source());
    // The model is only described (no request is made: that would cost tokens).
    match codemode_service::model::from_settings(&settings.model) {
        Ok(None) => println!("model: not configured (the AI actions explain how to set one)"),
        Ok(Some(client)) => println!("model: {}", client.describe()),
        Err(_) if settings.model.provider == ModelProvider::McpSampling => {
            println!("model: mcp-sampling (the model of the MCP host, once one is connected)")
        }
        Err(err) => {
            healthy = false;
            println!("model: FAIL {err}");
        }
    }

    let runtimes: Runtimes = super::runtimes(&settings, false)?;
    for language in languages(&args.langs, &settings)? {
        let started = std::time::Instant::now();
        if let Err(err) = runtimes.warm(&language).await {
            healthy = false;
            println!("{language}: FAIL {err}");
            continue;
        }
        let loaded = started.elapsed();
        let Some((code, expected)) = hello(&language) else {
            println!("{language}: loaded in {loaded:.1?} (custom runtime; no self-test)");
            continue;
        };
        let outcome = runtimes
            .run(RunRequest::new(language.clone(), code, "<doctor>"))
            .await?;
        if outcome.status == Status::Ok && outcome.stdout == expected {
            println!(
                "{language}: ok (loaded in {loaded:.1?}, hello ran in {:.1} ms)",
                outcome.duration_ms
            );
        } else {
            healthy = false;
            println!(
                "{language}: FAIL hello printed {:?}, status {:?}, error {:?}",
                outcome.stdout, outcome.status, outcome.error
            );
        }
    }

    if languages(&args.langs, &settings)?.contains(&Language::Python) {
        let outcome = runtimes
            .run(RunRequest::new(
                Language::Python,
                ISOLATION_PROBE,
                "<doctor>",
            ))
            .await?;
        print!("{}", outcome.stdout);
        if outcome.status != Status::Ok
            || outcome.stdout.contains("FAIL")
            || outcome.stdout.is_empty()
        {
            healthy = false;
            println!(
                "isolation probe: FAIL {:?} {:?}",
                outcome.status,
                outcome.error.map(|e| e.message)
            );
        }
    }
    println!(
        "{}",
        if healthy {
            "all checks passed"
        } else {
            "some checks FAILED"
        }
    );
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn tempfile_probe(dir: &std::path::Path) -> bool {
    let probe = dir.join(format!(".probe-{}", std::process::id()));
    let ok = std::fs::write(&probe, b"ok").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}
