//! Bring-your-own runtimes with a real language: the `rhai-run` test guest (the Rhai
//! scripting engine as a WASI preview 1 command, `tests/guests/rhai-run`) configured as a
//! custom runtime. Both ways of handing over the snippet, errors found by `errorPattern` at
//! file positions, the limits, what the snippet can and cannot see, and load failures.
//!
//! The guest is built by `tests/guests/rhai-run/build.sh`, not by this test; without it
//! every test that needs it fails and says so.

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

use codemode_runtimes::{
    CustomRuntime, Language, RunOutcome, RunRequest, RuntimeConfig, RuntimeError, Runtimes, Status,
};
use common::{secs, workspace};

/// The snippet in a read-only file named in argv.
const RHAI: &str = "rhai";
/// The same guest given the snippet on stdin.
const RHAI_STDIN: &str = "rhai-stdin";

const ERROR_PATTERN: &str = r"^snippet\.rhai:(?P<line>\d+):(?P<column>\d+): (?P<message>.*)$";

fn guest_module() -> PathBuf {
    workspace().join("target/guests/test/rhai-run.wasm")
}

/// Fails the test, saying how to fix it, when the guest was not built.
fn require_guest() {
    let path = guest_module();
    assert!(
        path.is_file(),
        "the rhai-run test guest is missing at {}: build it with tests/guests/rhai-run/build.sh",
        path.display()
    );
}

fn rhai_runtime(args: &[&str]) -> CustomRuntime {
    CustomRuntime {
        module: guest_module(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        extensions: vec!["rhai".into()],
        error_pattern: Some(ERROR_PATTERN.into()),
    }
}

fn config() -> RuntimeConfig {
    let mut config = RuntimeConfig::default();
    config
        .custom
        .insert(RHAI.into(), rhai_runtime(&["rhai-run", "{file}"]));
    let mut stdin = rhai_runtime(&["rhai-run"]);
    stdin.extensions.clear();
    config.custom.insert(RHAI_STDIN.into(), stdin);
    config
}

/// One `Runtimes` for the process, so the module is loaded once per language id.
fn runtimes() -> &'static Runtimes {
    static RUNTIMES: LazyLock<Runtimes> = LazyLock::new(|| common::runtimes(config()));
    // Checked before the `LazyLock` is touched, so that a missing guest fails every test
    // with the message above.
    require_guest();
    &RUNTIMES
}

fn request(id: &str, code: &str) -> RunRequest {
    RunRequest::new(Language::Custom(id.into()), code, "demo.rhai")
}

async fn run_with(request: RunRequest) -> RunOutcome {
    runtimes()
        .run(request)
        .await
        .expect("the rhai runtime loads")
}

async fn run(id: &str, code: &str) -> RunOutcome {
    run_with(request(id, code)).await
}

/// After a run was stopped, the next one works.
async fn still_fine() {
    let outcome = run(RHAI, r#"print("still fine");"#).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.stdout, "still fine\n");
}

#[tokio::test]
async fn a_clean_run_prints_and_does_not_echo_the_last_value() {
    let outcome = run(RHAI, "let x = 40;\nprint(`x + 2 = ${x + 2}`);\nx * 10\n").await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.language, "rhai");
    assert_eq!(outcome.stdout, "x + 2 = 42\n");
    assert_eq!(outcome.stderr, "");
    assert_eq!(outcome.value, None);
    assert_eq!(outcome.exit_code, Some(0));
    assert!(outcome.error.is_none() && outcome.diagnostics.is_empty());
}

#[tokio::test]
async fn the_snippet_arrives_as_a_file_or_on_stdin() {
    let code = "print(argv());\nprint(\"ü → ok\");\n";
    let from_file = run(RHAI, code).await;
    assert_eq!(from_file.status, Status::Ok, "{from_file:?}");
    assert_eq!(
        from_file.stdout,
        "[\"rhai-run\", \"/input/snippet.rhai\"]\nü → ok\n"
    );
    let from_stdin = run(RHAI_STDIN, code).await;
    assert_eq!(from_stdin.status, Status::Ok, "{from_stdin:?}");
    assert_eq!(from_stdin.stdout, "[\"rhai-run\"]\nü → ok\n");
}

#[tokio::test]
async fn a_runtime_error_is_a_diagnostic_at_the_file_position() {
    // The snippet starts at line 10 of its file; the division is at snippet line 3, col 11.
    for id in [RHAI, RHAI_STDIN] {
        let mut req = request(id, "print(\"start\");\nlet x = 1;\nlet y = x / 0;\n");
        req.first_line = 10;
        let outcome = run_with(req).await;
        assert_eq!(outcome.status, Status::Error, "{outcome:?}");
        assert_eq!(outcome.stdout, "start\n");
        assert_eq!(outcome.exit_code, Some(1));
        assert_eq!(
            outcome.stderr,
            "snippet.rhai:3:11: Division by zero: 1 / 0\n"
        );
        let error = outcome.error.as_ref().unwrap();
        assert_eq!(error.message, "Division by zero: 1 / 0");
        assert_eq!(error.frames[0].file, "demo.rhai");
        let [diagnostic] = outcome.diagnostics.as_slice() else {
            panic!("one diagnostic expected: {outcome:?}");
        };
        assert_eq!(
            (diagnostic.span.line, diagnostic.span.column),
            (12, 11),
            "{id}"
        );
        assert_eq!(diagnostic.message, "Division by zero: 1 / 0");
    }
}

#[tokio::test]
async fn errors_point_inside_the_function_that_failed_and_shift_the_first_column() {
    let code = "fn inner(v) {\n    v.missing_method()\n}\nfn outer() { inner(1) }\nouter();\n";
    let mut req = request(RHAI, code);
    req.first_line = 20;
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Error, "{outcome:?}");
    let diagnostic = &outcome.diagnostics[0];
    assert_eq!((diagnostic.span.line, diagnostic.span.column), (21, 7));
    assert_eq!(
        diagnostic.message,
        "Function not found: missing_method (i64) \
         (in call to function 'inner', in call to function 'outer')"
    );

    // A selection that starts mid-line: only the first line's columns move.
    let mut req = request(RHAI, "let = 5;\n");
    (req.first_line, req.first_column) = (3, 5);
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Error, "{outcome:?}");
    let diagnostic = &outcome.diagnostics[0];
    assert_eq!((diagnostic.span.line, diagnostic.span.column), (3, 9));
    assert_eq!(
        diagnostic.message,
        "Syntax error: Expecting name of a variable"
    );
}

#[tokio::test]
async fn without_an_error_pattern_the_last_stderr_line_is_the_message() {
    let mut config = config();
    config.custom.get_mut(RHAI).unwrap().error_pattern = None;
    require_guest();
    let runtimes = common::runtimes(config);
    let mut req = request(RHAI, "print(1);\nthrow \"boom\";\n");
    req.first_line = 5;
    let outcome = runtimes.run(req).await.unwrap();
    assert_eq!(outcome.status, Status::Error, "{outcome:?}");
    assert_eq!(outcome.stdout, "1\n");
    let diagnostic = &outcome.diagnostics[0];
    assert_eq!(diagnostic.message, "snippet.rhai:2:1: Runtime error: boom");
    // No pattern, no position: the snippet's first line.
    assert_eq!((diagnostic.span.line, diagnostic.span.column), (5, 1));
}

#[tokio::test]
async fn an_infinite_loop_stops_at_the_deadline() {
    runtimes()
        .warm(&Language::Custom(RHAI.into()))
        .await
        .expect("the rhai runtime loads");
    let mut req = request(RHAI, "let n = 0;\nloop { n += 1; }\n");
    req.options.limits.timeout = secs(0.5);
    let started = Instant::now();
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Timeout, "{outcome:?}");
    assert!(started.elapsed() < secs(1.5), "{:?}", started.elapsed());
    assert_eq!(outcome.error.as_ref().unwrap().kind, "Timeout");
    still_fine().await;
}

#[tokio::test]
async fn an_output_flood_stops_at_the_output_limit() {
    let mut req = request(RHAI, "loop { print(\"flood flood flood flood\"); }\n");
    req.options.limits.stdout_bytes = 64 << 10;
    req.options.limits.timeout = secs(10.0);
    let started = Instant::now();
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::OutputLimit, "{outcome:?}");
    assert!(outcome.output_truncated);
    assert!(
        outcome
            .stdout
            .ends_with("\n[codemode: output truncated after 65536 bytes]\n"),
        "{}",
        &outcome.stdout[outcome.stdout.len().saturating_sub(200)..]
    );
    assert!(outcome.stdout.starts_with("flood flood flood flood\n"));
    // Stopped at once, not at the deadline.
    assert!(started.elapsed() < secs(5.0), "{:?}", started.elapsed());
    still_fine().await;
}

/// The guest has a file API (`read_file`) and sees its real argv and environment: the snippet
/// gets exactly what was configured — argv, the granted variables, its own file — and nothing
/// of the host.
#[tokio::test]
async fn the_snippet_sees_only_what_was_configured() {
    let code = r#"print(argv());
print(env());
for path in ["/etc/passwd", "/input/../etc/passwd", "/", "/workspace", "/tmp"] {
    try { read_file(path); print(`READ ${path}`); } catch (e) { print(`denied ${path}`); }
}
print(read_file("/input/snippet.rhai").len());
"#;
    let mut req = request(RHAI, code);
    req.options.grants.env = vec![("GREETING".into(), "hello".into())];
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    let expected = format!(
        "[\"rhai-run\", \"/input/snippet.rhai\"]\n\
         #{{\"GREETING\": \"hello\"}}\n\
         denied /etc/passwd\n\
         denied /input/../etc/passwd\n\
         denied /\n\
         denied /workspace\n\
         denied /tmp\n\
         {}\n",
        code.chars().count()
    );
    assert_eq!(outcome.stdout, expected);

    // With nothing granted the environment is empty, and on stdin there is no /input either.
    let outcome = run(
        RHAI_STDIN,
        "print(env());\ntry { read_file(\"/input/snippet.rhai\"); print(\"READ\"); } \
         catch (e) { print(\"denied\"); }\n",
    )
    .await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.stdout, "#{}\ndenied\n");

    // The error a snippet gets for a host file is the guest's own (WASI has no such path).
    let outcome = run(RHAI, "read_file(\"/etc/passwd\")").await;
    assert_eq!(outcome.status, Status::Error, "{outcome:?}");
    assert!(
        outcome.diagnostics[0]
            .message
            .starts_with("Runtime error: cannot read /etc/passwd:"),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_missing_module_is_unavailable_and_names_the_path() {
    let missing = std::env::temp_dir().join("codemode-no-such-dir/missing-runtime.wasm");
    let mut config = RuntimeConfig::default();
    config.custom.insert(
        "lua".into(),
        CustomRuntime {
            module: missing.clone(),
            args: vec!["lua".into(), "{file}".into()],
            extensions: vec!["lua".into()],
            error_pattern: None,
        },
    );
    let runtimes = common::runtimes(config);
    let req = RunRequest::new(Language::Custom("lua".into()), "print(1)", "x.lua");
    match runtimes.run(req).await {
        Err(RuntimeError::Unavailable(message)) => {
            assert!(
                message.contains(&missing.display().to_string()),
                "{message}"
            );
            assert!(
                message.starts_with("cannot read the runtime module "),
                "{message}"
            );
        }
        Err(other) => panic!("expected Unavailable, got {other:?}"),
        Ok(outcome) => panic!("expected Unavailable, got {outcome:?}"),
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_command_module_is_unavailable() {
    let mut config = RuntimeConfig::default();
    let mut runtime = rhai_runtime(&["rhai-run", "{file}"]);
    runtime.module = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    config.custom.insert(RHAI.into(), runtime);
    let runtimes = common::runtimes(config);
    match runtimes.run(request(RHAI, "print(1);")).await {
        Err(RuntimeError::Unavailable(message)) => {
            assert!(
                message.starts_with("the custom-rhai runtime is not a valid WebAssembly guest"),
                "{message}"
            );
            assert!(
                message.ends_with("Cargo.toml)"),
                "names the module: {message}"
            );
        }
        Err(other) => panic!("expected Unavailable, got {other:?}"),
        Ok(outcome) => panic!("expected Unavailable, got {outcome:?}"),
    }
}

#[test]
fn the_language_is_picked_by_extension_and_by_id() {
    let config = config();
    let rhai = Some(Language::Custom(RHAI.into()));
    assert_eq!(Language::from_path(Path::new("x.rhai"), &config), rhai);
    assert_eq!(
        Language::from_path(Path::new("dir/demo.rhai"), &config),
        rhai
    );
    assert_eq!(Language::from_id(RHAI, &config), rhai);
    assert_eq!(
        Language::from_id(RHAI_STDIN, &config),
        Some(Language::Custom(RHAI_STDIN.into()))
    );
    // Built-in extensions stay built in; unknown ones are nobody's.
    assert_eq!(
        Language::from_path(Path::new("x.py"), &config),
        Some(Language::Python)
    );
    assert_eq!(Language::from_path(Path::new("x.lua"), &config), None);
    assert_eq!(
        Language::from_path(Path::new("x.rhai"), &RuntimeConfig::default()),
        None
    );
}
