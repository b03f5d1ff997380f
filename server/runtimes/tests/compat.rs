//! Differential compatibility: every program under `tests/compat/{python,js}` runs natively
//! (`python3`, `node` on this machine) and in the sandbox (CPython 3.14, QuickJS); stdout, the
//! exit status and the last line of an uncaught error must be identical. Nothing is
//! normalised: the programs avoid what legitimately differs (versions, timing, addresses).

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use codemode_runtimes::{Language, RunOutcome, RunRequest, Status};

struct Native {
    stdout: String,
    stderr: String,
    code: i32,
}

async fn native(program: &str, file: &Path) -> Native {
    let mut command = tokio::process::Command::new(program);
    command
        .arg(file)
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let output = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .unwrap_or_else(|_| panic!("native {program} {} timed out", file.display()))
        .unwrap_or_else(|e| {
            panic!("cannot run native `{program}` (needed for the differential tests): {e}")
        });
    Native {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    }
}

fn programs(dir: &str, ext: &str) -> Vec<PathBuf> {
    let dir = common::workspace().join("tests/compat").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(ext))
        .collect();
    files.sort();
    files
}

fn sandbox_code(outcome: &RunOutcome) -> i32 {
    match outcome.exit_code {
        Some(code) => code,
        None if outcome.status == Status::Ok => 0,
        None => 1,
    }
}

fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

/// The uncaught error's last line as the interpreter prints it (`ValueError: x`), or "".
fn sandbox_error_line(outcome: &RunOutcome) -> String {
    match &outcome.error {
        Some(error) if !matches!(error.kind.as_str(), "SystemExit") => {
            last_line(&error.traceback).to_owned()
        }
        _ => String::new(),
    }
}

async fn differential(language: Language, program: &str, files: Vec<PathBuf>, minimum: usize) {
    assert!(
        files.len() >= minimum,
        "expected at least {minimum} programs, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let code = std::fs::read_to_string(file).unwrap();
        let expected = native(program, file).await;
        let mut request = RunRequest::new(language.clone(), code, name.clone());
        request.show_last_value = false;
        request.options.limits.timeout = Duration::from_secs(30);
        let outcome = common::RUNTIMES
            .run(request)
            .await
            .expect("runtime available");
        let got_code = sandbox_code(&outcome);
        let expected_error =
            if expected.code != 0 && !expected.stderr.is_empty() && program == "python3" {
                last_line(&expected.stderr).to_owned()
            } else {
                String::new()
            };
        let got_error = if expected_error.is_empty() {
            String::new()
        } else {
            sandbox_error_line(&outcome)
        };
        if outcome.stdout != expected.stdout
            || got_code != expected.code
            || got_error != expected_error
        {
            failures.push(format!(
                "{name}: exit native {} / sandbox {got_code} ({:?}); error native {expected_error:?} / sandbox {got_error:?}\n{}",
                expected.code,
                outcome.status,
                first_difference(&expected.stdout, &outcome.stdout),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} {program} programs differ:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

fn first_difference(expected: &str, got: &str) -> String {
    for (i, (e, g)) in expected.lines().zip(got.lines()).enumerate() {
        if e != g {
            return format!("  line {}:\n    native:  {e:?}\n    sandbox: {g:?}", i + 1);
        }
    }
    format!(
        "  native has {} lines, sandbox {} lines (sandbox tail: {:?})",
        expected.lines().count(),
        got.lines().count(),
        got.lines().rev().take(3).collect::<Vec<_>>()
    )
}

#[tokio::test]
async fn python_matches_native_cpython() {
    differential(Language::Python, "python3", programs("python", "py"), 40).await;
}

#[tokio::test]
async fn javascript_matches_native_node() {
    differential(Language::JavaScript, "node", programs("js", "js"), 30).await;
}
