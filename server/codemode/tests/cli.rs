//! `codemode run`, `precompile` and `doctor` through the built binary, as a user calls them.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn codemode(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_codemode"))
        .args(args)
        .current_dir(workspace())
        .env("CODEMODE_CACHE_DIR", workspace().join("target/test-cache"))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("codemode binary");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&output.stdout)))
}

#[test]
fn prints_like_the_interpreter_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let py = file(
        &dir,
        "ok.py",
        "import sys\nprint('out')\nprint('err', file=sys.stderr)\n1 + 1\n",
    );
    let out = codemode(&["run", &py], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "out\n");
    assert_eq!(text(&out.stderr), "err\n");
}

#[test]
fn a_failure_exits_one_with_the_traceback_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let py = file(&dir, "bad.py", "print('before')\n{}['missing']\n");
    let out = codemode(&["run", &py], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "before\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("Traceback (most recent call last):"),
        "{stderr}"
    );
    assert!(stderr.contains(", line 2, in <module>"), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("KeyError: 'missing'"),
        "{stderr}"
    );
}

#[test]
fn json_outcome_has_positions_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let js = file(
        &dir,
        "a.js",
        "console.log('hi');\nconst o = null;\nconsole.log(o.x);\n",
    );
    let out = codemode(&["run", "--json", &js], None);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["status"], "error");
    assert_eq!(v["stdout"], "hi\n");
    assert_eq!(v["stderr"], "");
    assert!(v["duration_ms"].as_f64().unwrap() > 0.0);
    let d = &v["diagnostics"][0];
    assert_eq!(d["line"], 3);
    // QuickJS points at the object (13), Node at the property (15): both are in `o.x`.
    assert!((13..=15).contains(&d["column"].as_u64().unwrap()), "{d}");
    assert!(
        d["message"].as_str().unwrap().starts_with("TypeError: "),
        "{d}"
    );
}

#[test]
fn lines_runs_part_of_a_file_and_reports_file_lines() {
    let dir = tempfile::tempdir().unwrap();
    let py = file(
        &dir,
        "part.py",
        "raise SystemExit('not this')\nx = 2\ny = x * 21\ny\nz = y / 0\n",
    );
    let out = codemode(&["run", "--json", "--lines", "2:4", &py], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(json(&out)["value"], "42");
    let out = codemode(&["run", "--json", "--lines", "2:5", &py], None);
    let v = json(&out);
    assert_eq!(v["status"], "error");
    assert_eq!(v["diagnostics"][0]["line"], 5);
}

#[test]
fn stdin_with_a_language() {
    let out = codemode(
        &["run", "-", "--lang", "ts"],
        Some("const n: number = 6;\nconsole.log(n * 7);\n"),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "42\n");
}

#[test]
fn limits_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let spin = file(&dir, "spin.py", "while True:\n    pass\n");
    let out = codemode(&["run", "--json", "--timeout", "300ms", &spin], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["status"], "timeout");

    let bomb = file(&dir, "bomb.py", "b = bytearray(200 * 1024 * 1024)\n");
    let out = codemode(&["run", "--json", "--memory", "64M", &bomb], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["status"], "memory_limit");
    let out = codemode(&["run", "--json", "--memory", "512M", &bomb], None);
    assert_eq!(json(&out)["status"], "ok");

    let flood = file(&dir, "flood.js", "for (;;) console.log('spam');\n");
    let out = codemode(&["run", "--max-output", "4K", &flood], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).ends_with("[codemode: output truncated after 4096 bytes]\n"));
    assert!(
        text(&out.stderr).contains("OutputLimit"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_two_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let py = file(&dir, "x.py", "print(1)\n");
    let cases: &[(&[&str], &str)] = &[
        (&["run", "/no/such/file.py"], "cannot read /no/such/file.py"),
        (&["run", &py, "--lang", "cobol"], "unknown language `cobol`"),
        (&["run", &py, "--timeout", "soon"], "not a duration"),
        (&["run", &py, "--memory", "12X"], "unknown size unit"),
        (&["run", &py, "--lines", "5:9"], "the file has only 1 lines"),
        (&["run", "-"], "pass --lang"),
        (&["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, message) in cases {
        let out = codemode(args, Some(""));
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let unknown_ext = file(&dir, "x.cobol", "DISPLAY 'HI'.\n");
    let out = codemode(&["run", &unknown_ext], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("pass --lang"));
}

#[test]
fn version_precompile_and_doctor() {
    let out = codemode(&["--version"], None);
    assert!(
        text(&out.stdout).starts_with("codemode 0.1.0 (wasmtime 48.0.8)"),
        "{}",
        text(&out.stdout)
    );
    let out = codemode(&["precompile"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("python: "));
    let out = codemode(&["doctor"], None);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    for line in [
        "python: ok",
        "javascript: ok",
        "typescript: ok",
        "ok   environment is empty",
        "ok   network is unreachable",
        "model: not configured",
        "all checks passed",
    ] {
        assert!(report.contains(line), "missing {line:?} in\n{report}");
    }
}

#[test]
fn doctor_describes_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let local = file(
        &dir,
        "local.json",
        r#"{"model": {"provider": "openai", "baseUrl": "http://localhost:11434/v1", "model": "qwen2.5-coder:7b"}}"#,
    );
    let out = codemode(
        &["--config", &local, "doctor", "--lang", "javascript"],
        None,
    );
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("model: openai qwen2.5-coder:7b at http://localhost:11434/v1"),
        "{report}"
    );

    let keyless = file(
        &dir,
        "keyless.json",
        r#"{"model": {"provider": "anthropic", "model": "claude-sonnet-4-5", "apiKeyEnv": "CODEMODE_TEST_UNSET_KEY_VARIABLE"}}"#,
    );
    let out = codemode(
        &["--config", &keyless, "doctor", "--lang", "javascript"],
        None,
    );
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(
            "model: FAIL the anthropic model needs an API key: set the environment variable \
             CODEMODE_TEST_UNSET_KEY_VARIABLE"
        ),
        "{report}"
    );
}
