//! The sandbox contract as users meet it, through the real CPython and QuickJS guests: limits
//! stop runaway snippets cleanly, the host and the next run are unharmed, nothing outside
//! the sandbox is reachable, and outcomes carry positions in the file.

mod common;

use std::time::{Duration, Instant};

use codemode_runtimes::{CancelHandle, Language, Status};
use common::{request, run, run_with, secs};

const PY: Language = Language::Python;
const JS: Language = Language::JavaScript;

async fn python_ok_after() {
    let outcome = run(PY, "print('still fine')").await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.stdout, "still fine\n");
}

#[tokio::test]
async fn python_infinite_loop_stops_at_the_deadline() {
    let mut req = request(PY, "while True:\n    pass\n");
    req.options.limits.timeout = secs(0.5);
    let started = Instant::now();
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Timeout);
    assert!(started.elapsed() < secs(1.5), "{:?}", started.elapsed());
    assert_eq!(outcome.diagnostics[0].span.line, 1);
    python_ok_after().await;
}

#[tokio::test]
async fn python_sleeping_in_a_host_call_is_stopped_too() {
    let mut req = request(PY, "import time\ntime.sleep(120)\n");
    req.options.limits.timeout = secs(0.5);
    let started = Instant::now();
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Timeout);
    assert!(started.elapsed() < secs(1.5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn javascript_infinite_loop_stops_at_the_deadline() {
    let mut req = request(JS, "while (true) {}");
    req.options.limits.timeout = secs(0.5);
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Timeout);
    let mut req = request(JS, "setInterval(() => {}, 1);");
    req.options.limits.timeout = secs(0.5);
    assert_eq!(run_with(req).await.status, Status::Timeout);
}

#[tokio::test]
async fn python_memory_bomb_is_a_clean_memory_error_and_the_next_run_works() {
    let mut req = request(
        PY,
        "x = []\nwhile True:\n    x.append(bytearray(10_000_000))\n",
    );
    req.options.limits.memory_bytes = 64 << 20;
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::MemoryLimit, "{outcome:?}");
    let error = outcome.error.unwrap();
    assert_eq!(error.kind, "MemoryError");
    assert_eq!(outcome.diagnostics[0].span.line, 3);
    assert!(outcome.memory_bytes <= 64 << 20);
    python_ok_after().await;
}

#[tokio::test]
async fn python_can_catch_memory_error_and_go_on() {
    let mut req = request(
        PY,
        "try:\n    b = bytearray(500_000_000)\nexcept MemoryError:\n    print('caught')\n",
    );
    req.options.limits.memory_bytes = 64 << 20;
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(outcome.stdout, "caught\n");
}

#[tokio::test]
async fn javascript_memory_bomb_is_clean() {
    let mut req = request(
        JS,
        "const a = [];\nwhile (true) a.push(new Array(1e6).fill(1.5));\n",
    );
    req.options.limits.memory_bytes = 64 << 20;
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::MemoryLimit, "{outcome:?}");
    let outcome = run(JS, "console.log('fine')").await;
    assert_eq!(outcome.stdout, "fine\n");
}

#[tokio::test]
async fn output_flood_is_truncated_with_a_marker() {
    for (language, code) in [
        (PY, "while True:\n    print('x' * 100)\n"),
        (JS, "for (;;) console.log('x'.repeat(100));"),
    ] {
        let mut req = request(language, code);
        req.options.limits.stdout_bytes = 10_000;
        let outcome = run_with(req).await;
        assert_eq!(outcome.status, Status::OutputLimit, "{outcome:?}");
        assert!(outcome.output_truncated);
        assert!(
            outcome
                .stdout
                .ends_with("[codemode: output truncated after 10000 bytes]\n")
        );
        assert!(outcome.stdout.len() < 10_100);
    }
}

#[tokio::test]
async fn deep_recursion_is_a_clean_error() {
    let outcome = run(PY, "def f(n):\n    return f(n + 1)\nf(0)\n").await;
    assert_eq!(outcome.status, Status::Error);
    assert_eq!(
        outcome.error.as_ref().unwrap().kind,
        "RecursionError",
        "{outcome:?}"
    );
    assert_eq!(outcome.diagnostics[0].span.line, 2);
    python_ok_after().await;

    let outcome = run(JS, "function f(n) { return f(n + 1) + 1 }\nf(0)\n").await;
    assert_eq!(outcome.status, Status::Error, "{outcome:?}");
    let error = outcome.error.unwrap();
    assert!(
        error.kind == "RangeError" || error.kind == "InternalError",
        "{error:?}"
    );
}

#[tokio::test]
async fn no_host_files() {
    let code = r#"
import os
for path in ["/etc/passwd", "/", "/tmp", "."]:
    try:
        print(path, os.listdir(path) if not path.endswith("passwd") else open(path).read()[:10])
    except OSError as e:
        print(path, type(e).__name__)
try:
    open("/tmp/x", "w").write("x")
    print("wrote")
except OSError as e:
    print("write", type(e).__name__)
"#;
    let outcome = run(PY, code).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert!(!outcome.stdout.contains("root:"), "{}", outcome.stdout);
    assert!(!outcome.stdout.contains("wrote"), "{}", outcome.stdout);
    assert_eq!(
        outcome.stdout.matches("Error").count(),
        5,
        "{}",
        outcome.stdout
    );
}

#[tokio::test]
async fn no_sockets_no_processes_no_environment() {
    let code = r#"
import os, socket, subprocess
print("env", dict(os.environ))
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("127.0.0.1", 80))
    print("connected")
except Exception as e:
    print("socket", type(e).__name__)
try:
    socket.create_connection(("example.com", 80), timeout=1)
    print("connected")
except Exception as e:
    print("dns", type(e).__name__)
try:
    subprocess.run(["ls"])
    print("spawned")
except Exception as e:
    print("subprocess", type(e).__name__, "sandbox" in str(e))
"#;
    let outcome = run(PY, code).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert!(outcome.stdout.starts_with("env {}\n"), "{}", outcome.stdout);
    assert!(!outcome.stdout.contains("connected"), "{}", outcome.stdout);
    assert!(!outcome.stdout.contains("spawned"), "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains("subprocess OSError True")
            || outcome.stdout.contains("subprocess RuntimeError True"),
        "{}",
        outcome.stdout
    );

    let code = "console.log(JSON.stringify(process.env), typeof fetch, typeof XMLHttpRequest);\n\
                try { require('fs'); console.log('fs loaded') } catch (e) { console.log('no fs') }";
    let outcome = run(JS, code).await;
    assert_eq!(
        outcome.stdout, "{} undefined undefined\nno fs\n",
        "{outcome:?}"
    );
}

#[tokio::test]
async fn grants_are_honoured_and_read_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.txt"), "granted\n").unwrap();
    let code = r#"
print(open("/workspace/data.txt").read(), end="")
try:
    open("/workspace/new.txt", "w")
    print("wrote workspace")
except OSError as e:
    print("read-only", type(e).__name__)
open("/tmp/scratch.txt", "w").write("ok")
print(open("/tmp/scratch.txt").read())
import os
print(os.environ["GREETING"])
"#;
    let mut req = request(PY, code);
    req.options.grants.workspace = Some(dir.path().to_owned());
    req.options.grants.scratch = true;
    req.options.grants.env = vec![("GREETING".into(), "hi".into())];
    let outcome = run_with(req).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    assert_eq!(
        outcome.stdout,
        "granted\nread-only PermissionError\nok\nhi\n"
    );
    assert!(!dir.path().join("new.txt").exists());

    // The QuickJS guest runs from a snapshot taken with no environment: a granted one still
    // reaches `process.env` (WASI's environment is read at run time, not baked in).
    let mut req = request(JS, "console.log(JSON.stringify(process.env))");
    req.options.grants.env = vec![("GREETING".into(), "hi".into())];
    let outcome = run_with(req).await;
    assert_eq!(outcome.stdout, "{\"GREETING\":\"hi\"}\n", "{outcome:?}");
}

#[tokio::test]
async fn sys_exit_is_reported_and_the_host_is_unharmed() {
    let outcome = run(
        PY,
        "print('before')\nimport sys\nsys.exit(3)\nprint('after')\n",
    )
    .await;
    assert_eq!(outcome.status, Status::Error);
    assert_eq!(outcome.exit_code, Some(3));
    assert_eq!(outcome.stdout, "before\n");
    let outcome = run(PY, "import sys\nsys.exit(0)\n").await;
    assert_eq!(outcome.status, Status::Ok);
    assert_eq!(outcome.exit_code, Some(0));
    let outcome = run(JS, "console.log('a'); process.exit(4); console.log('b')").await;
    assert_eq!(
        (outcome.status, outcome.exit_code, outcome.stdout.as_str()),
        (Status::Error, Some(4), "a\n")
    );
    python_ok_after().await;
}

#[tokio::test]
async fn cancellation_stops_a_run_within_50ms() {
    // The contract is about a *running* snippet: load both runtimes first.
    common::RUNTIMES.warm(&PY).await.unwrap();
    common::RUNTIMES.warm(&JS).await.unwrap();
    for (language, code) in [
        (PY, "while True:\n    pass\n"),
        (PY, "import time\ntime.sleep(60)\n"),
        (JS, "while (true) {}"),
    ] {
        let cancel = CancelHandle::new();
        let mut req = request(language, code);
        req.options.cancel = cancel.clone();
        let task = tokio::spawn(run_with(req));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let asked = Instant::now();
        cancel.cancel();
        let outcome = task.await.unwrap();
        let took = asked.elapsed();
        assert_eq!(outcome.status, Status::Cancelled, "{code}");
        assert!(
            took < Duration::from_millis(50),
            "{code}: cancellation took {took:?}"
        );
    }
}

#[tokio::test]
async fn unicode_output_and_values() {
    let outcome = run(PY, "print('héllo wörld ✓ 日本 🎉')\n'λ' * 3").await;
    assert_eq!(outcome.stdout, "héllo wörld ✓ 日本 🎉\n");
    assert_eq!(outcome.value.as_deref(), Some("'λλλ'"));
    let outcome = run(JS, "console.log('héllo ✓ 日本 🎉'); 'λ'.repeat(3)").await;
    assert_eq!(outcome.stdout, "héllo ✓ 日本 🎉\n");
    assert_eq!(outcome.value.as_deref(), Some("'λλλ'"));
}

#[tokio::test]
async fn last_expression_value_is_reported() {
    let outcome = run(PY, "x = 40\nx + 2").await;
    assert_eq!(outcome.value.as_deref(), Some("42"));
    let outcome = run(PY, "x = 40").await;
    assert_eq!(outcome.value, None);
    let outcome = run(PY, "print('side effect')").await;
    assert_eq!(outcome.value, None);
    let outcome = run(JS, "const o = {a: 1, b: [1, 2]};\no").await;
    assert_eq!(outcome.value.as_deref(), Some("{ a: 1, b: [ 1, 2 ] }"));
    let outcome = run(JS, "await Promise.resolve(7)").await;
    assert_eq!(outcome.value.as_deref(), Some("7"));
}

#[tokio::test]
async fn errors_point_at_file_lines_with_an_offset() {
    let mut req = request(PY, "a = 1\nb = a / 0\n");
    req.first_line = 20;
    let outcome = run_with(req).await;
    let d = &outcome.diagnostics[0];
    assert_eq!((d.span.line, d.span.column, d.span.end_column), (21, 5, 10));
    assert_eq!(d.message, "ZeroDivisionError: division by zero");

    let mut req = request(JS, "const a = 1;\nnull.foo;\n");
    req.first_line = 5;
    let outcome = run_with(req).await;
    let d = &outcome.diagnostics[0];
    assert_eq!(d.span.line, 6);
    assert!(d.message.starts_with("TypeError:"), "{d:?}");
}

#[tokio::test]
async fn syntax_errors_become_diagnostics() {
    let outcome = run(PY, "x = 1\ndef f(:\n    pass\n").await;
    assert_eq!(outcome.status, Status::Error);
    assert_eq!(outcome.error.as_ref().unwrap().kind, "SyntaxError");
    assert_eq!(outcome.diagnostics[0].span.line, 2);
    let outcome = run(JS, "let x = 1;\nlet = = 2;\n").await;
    assert_eq!(
        outcome.error.as_ref().unwrap().kind,
        "SyntaxError",
        "{outcome:?}"
    );
    assert_eq!(outcome.diagnostics[0].span.line, 2);
    let outcome = run(Language::TypeScript, "let x: number = 1;\nlet y: = 2;\n").await;
    assert_eq!(
        outcome.error.as_ref().unwrap().kind,
        "SyntaxError",
        "{outcome:?}"
    );
    assert_eq!(outcome.diagnostics[0].span.line, 2);
}

#[tokio::test]
async fn typescript_positions_map_one_to_one() {
    let code = "type P = { x: number };\nfunction f(p: P): number {\n  return (p as any).y.z;\n}\nf({ x: 1 });\n";
    let outcome = run(Language::TypeScript, code).await;
    assert_eq!(outcome.status, Status::Error);
    let d = &outcome.diagnostics[0];
    assert_eq!(d.span.line, 3, "{d:?}");
    assert_eq!(d.related.first().map(|f| f.span.line), Some(5));
}

#[tokio::test]
async fn python_modules_that_cannot_work_say_so() {
    let outcome = run(PY, "import requests").await;
    let error = outcome.error.unwrap();
    assert_eq!(error.kind, "ModuleNotFoundError");
    assert!(error.message.contains("sandbox"), "{error:?}");
}

#[tokio::test]
async fn concurrent_runs_are_isolated() {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            tokio::spawn(async move {
                let code = format!("import sys\nsys.modules.setdefault('shared', []).append({i})\nprint(len(sys.modules['shared']), {i})");
                run(PY, &code).await
            })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        let outcome = task.await.unwrap();
        assert_eq!(outcome.stdout, format!("1 {i}\n"));
    }
}

/// The QuickJS guest starts every run from a snapshot taken after its context was created:
/// each run is still fresh (nothing a snippet leaves behind is seen by the next one), and
/// what QuickJS fixes when a context is created is per run, not from when the snapshot was
/// taken: `Math.random`'s seed and `performance`'s time origin.
#[tokio::test]
async fn js_runs_from_the_snapshot_are_fresh_and_random_per_run() {
    let code = "console.log(typeof globalThis.leftOver, Math.random(), Math.random());\n\
                const now = performance.now();\n\
                console.log(performance.timeOrigin, now >= 0 && now < 10000);\n\
                globalThis.leftOver = 1; Math.random = () => 0;";
    let first = run(JS, code).await;
    let second = run(JS, code).await;
    let lines = |outcome: &codemode_runtimes::RunOutcome| -> Vec<String> {
        assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
        assert!(outcome.stdout.starts_with("undefined 0."), "{outcome:?}");
        assert!(outcome.stdout.ends_with(" true\n"), "{outcome:?}");
        outcome.stdout.lines().map(str::to_owned).collect()
    };
    let (first, second) = (lines(&first), lines(&second));
    assert_ne!(first[0], second[0], "the same random numbers in two runs");
    assert_ne!(
        first[1], second[1],
        "the same performance.timeOrigin in two runs"
    );
}
