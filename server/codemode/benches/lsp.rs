//! Language server benchmark: the real `codemode lsp` binary driven over stdio by the test
//! client (`tests/lsp/client.rs`), everything measured in one run.
//!
//! `cargo bench -p codemode --bench lsp` (add `-- --quick` for 200/2,000 runs instead of
//! 1,000/10,000 and fewer edit samples). Prints a Markdown table.
//!
//! - the cost of a one-character `didChange` on a 1k-line and a 50k-line Python document:
//!   the round trip of the change followed by a code action (answered only once the change is
//!   in), next to the code action alone;
//! - code action latency on the 50k-line document, and its code lenses;
//! - `workspace/executeCommand` → `textDocument/publishDiagnostics` for a small Python
//!   snippet, with the compiled runtimes in the cache and loaded;
//! - the server's resident memory after the first and after all runs.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/lsp/client.rs"]
mod client;

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use client::{TestServer, editor_capabilities};

struct Config {
    edit_samples: usize,
    action_samples: usize,
    first_runs: usize,
    all_runs: usize,
}

impl Config {
    fn from_args() -> Self {
        // `cargo bench` passes `--bench`; only `--quick` matters here.
        if std::env::args().any(|a| a == "--quick") {
            Self {
                edit_samples: 500,
                action_samples: 500,
                first_runs: 200,
                all_runs: 2_000,
            }
        } else {
            Self {
                edit_samples: 2_000,
                action_samples: 2_000,
                first_runs: 1_000,
                all_runs: 10_000,
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Stats {
    p50: Duration,
    p99: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        p50: at(0.5),
        p99: at(0.99),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
}

/// A Python document of `lines` lines: functions with docstrings, loops and constants.
fn python_document(lines: usize) -> String {
    let mut text = String::from("import math\n\n");
    let mut i = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "LIMIT_{i} = {i}\n\n\ndef compute_{i}(values):\n    \"\"\"Sum of the roots below LIMIT_{i}.\"\"\"\n    total = 0\n    for value in values:\n        if value < LIMIT_{i}:\n            total += math.sqrt(value)\n    return total\n\n\n"
        ));
        i += 1;
    }
    text.lines().take(lines).collect::<Vec<_>>().join("\n") + "\n"
}

fn server() -> TestServer {
    TestServer::builder()
        .capabilities(editor_capabilities())
        .start()
        .0
}

fn code_action(server: &mut TestServer, uri: &str, line: u32) -> Value {
    server
        .code_actions(uri, [line, 0, line, 0])
        .expect("a code action")
}

/// `samples` one-character edits on different lines, each followed by a code action; and as
/// many code actions alone.
fn edits(server: &mut TestServer, uri: &str, lines: usize, samples: usize) -> (Stats, Stats) {
    let mut version = 1;
    let mut with_edit = Vec::with_capacity(samples);
    let mut alone = Vec::with_capacity(samples);
    for i in 0..samples + samples / 10 {
        let line = (i * 7919 % lines) as u32;
        let started = Instant::now();
        version += 1;
        server.change(uri, version, [line, 0, line, 0], "#");
        code_action(server, uri, line);
        let edit = started.elapsed();
        let started = Instant::now();
        code_action(server, uri, line);
        let action = started.elapsed();
        if i >= samples / 10 {
            with_edit.push(edit);
            alone.push(action);
        }
    }
    (stats(with_edit), stats(alone))
}

fn main() {
    let config = Config::from_args();
    let started = Instant::now();
    let mut server = server();

    // didChange on 1k and 50k lines.
    let small = "file:///bench/small.py";
    let large = "file:///bench/large.py";
    server.open(small, "python", 1, &python_document(1_000));
    server.open(large, "python", 1, &python_document(50_000));
    let (small_edit, small_action) = edits(&mut server, small, 1_000, config.edit_samples);
    let (large_edit, large_action) = edits(&mut server, large, 50_000, config.edit_samples);

    // Code actions at random places of the 50k-line document.
    let mut actions = Vec::with_capacity(config.action_samples);
    for i in 0..config.action_samples {
        let line = (i * 104_729 % 50_000) as u32;
        let started = Instant::now();
        code_action(&mut server, large, line);
        actions.push(started.elapsed());
    }
    let actions = stats(actions);

    // Code lenses of the 50k-line document (a parse with tree-sitter each time).
    let mut lenses = Vec::with_capacity(50);
    for _ in 0..50 {
        let started = Instant::now();
        server.code_lenses(large);
        lenses.push(started.elapsed());
    }
    let lenses = stats(lenses);

    // Code actions while those lenses are being computed (the lens request goes first).
    let mut during_lenses = Vec::with_capacity(50);
    for _ in 0..50 {
        let id = server.send_request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": large}}),
        );
        let started = Instant::now();
        code_action(&mut server, large, 10);
        during_lenses.push(started.elapsed());
        server.response(id).expect("lenses");
    }
    let during_lenses = stats(during_lenses);

    // Code actions while a run computes in the sandbox (an endless loop, cancelled after).
    let busy = "file:///bench/busy.py";
    server.open(busy, "python", 1, "# %%\nwhile True:\n    pass\n");
    let command = code_action(&mut server, busy, 1)[0]["command"].clone();
    let busy_run = server.send_request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"], "workDoneToken": "busy"}),
    );
    server.notification("$/progress");
    let mut during_run = Vec::with_capacity(config.action_samples);
    for i in 0..config.action_samples {
        let line = (i * 104_729 % 50_000) as u32;
        let started = Instant::now();
        code_action(&mut server, large, line);
        during_run.push(started.elapsed());
    }
    server.notify("$/cancelRequest", json!({"id": busy_run}));
    assert!(
        server.response(busy_run).is_err(),
        "the endless run is cancelled"
    );
    server.notification("$/progress");
    let during_run = stats(during_run);

    // Runs: executeCommand → publishDiagnostics, then the response and runResult before the
    // next run.
    let snippet = "file:///bench/snippet.py";
    server.open(snippet, "python", 1, "# %%\nx = 6 * 7\nx\n");
    let command = code_action(&mut server, snippet, 1)[0]["command"].clone();
    let params = json!({"command": command["command"], "arguments": command["arguments"]});
    let run = |server: &mut TestServer| -> Duration {
        let started = Instant::now();
        let id = server.send_request("workspace/executeCommand", params.clone());
        let diagnostics = server.notification("textDocument/publishDiagnostics");
        let took = started.elapsed();
        assert_eq!(diagnostics["diagnostics"], json!([]));
        let outcome = server.response(id).expect("a run");
        assert_eq!(outcome["value"], "42");
        server.notification("codemode/runResult");
        server.notification("window/logMessage");
        took
    };
    for _ in 0..20 {
        run(&mut server); // Runtimes loaded, caches warm.
    }
    let mut runs = Vec::with_capacity(config.all_runs);
    for _ in 0..config.first_runs {
        runs.push(run(&mut server));
    }
    let rss_first = server.rss_kib();
    for _ in config.first_runs..config.all_runs {
        runs.push(run(&mut server));
    }
    let rss_all = server.rss_kib();
    let first_runs = stats(runs[..config.first_runs].to_vec());
    let all_runs = stats(runs);
    let status = server.shutdown_and_exit();
    assert!(status.success());

    println!("## codemode lsp (release binary over stdio)\n");
    println!("| measurement | p50 | p99 | target |");
    println!("|---|---|---|---|");
    let row = |name: &str, s: Stats, target: &str| {
        println!("| {name} | {} | {} | {target} |", ms(s.p50), ms(s.p99));
    };
    row("didChange (1 char) + codeAction, 1k lines", small_edit, "");
    row(
        "didChange (1 char) + codeAction, 50k lines",
        large_edit,
        "no growth with size",
    );
    row("codeAction alone, 1k lines", small_action, "");
    row("codeAction alone, 50k lines", large_action, "");
    row(
        "codeAction, 50k lines, random places",
        actions,
        "p99 ≤ 5 ms",
    );
    row("codeLens, 50k lines (50 samples)", lenses, "");
    row(
        "codeAction while that codeLens is computed (50 samples)",
        during_lenses,
        "",
    );
    row("codeAction while a run computes", during_run, "");
    row(
        &format!(
            "executeCommand → publishDiagnostics, first {} runs",
            config.first_runs
        ),
        first_runs,
        "p50 ≤ 10 ms",
    );
    row(
        &format!(
            "executeCommand → publishDiagnostics, all {} runs",
            config.all_runs
        ),
        all_runs,
        "",
    );
    println!();
    println!("| ratio | p50 | p99 |");
    println!("|---|---|---|");
    println!(
        "| didChange + codeAction, 50k / 1k lines | {} | {} |",
        ratio(large_edit.p50, small_edit.p50),
        ratio(large_edit.p99, small_edit.p99)
    );
    println!(
        "| the change's own cost (with − alone), 50k lines | {} | |",
        ms(large_edit.p50.saturating_sub(large_action.p50))
    );
    println!();
    let growth = (rss_all as f64 - rss_first as f64) / rss_first as f64 * 100.0;
    println!(
        "| server RSS | after {} runs | after {} runs | growth | target |",
        config.first_runs, config.all_runs
    );
    println!("|---|---|---|---|---|");
    println!(
        "| VmRSS | {:.1} MiB | {:.1} MiB | {growth:+.1}% | ≤ 10% |",
        rss_first as f64 / 1024.0,
        rss_all as f64 / 1024.0
    );
    println!();
    println!(
        "{} edit samples per size, {} code actions; total {:.0} s.",
        config.edit_samples,
        config.action_samples,
        started.elapsed().as_secs_f64()
    );
}
