//! A CPython run reuses its instance slot's memory as it was left (reset in place), instead of
//! page-faulting its whole working set back in. This is what makes a fresh CPython instance per
//! run cheap (vendor/README.md: Wasmtime's dirty-page scan, patched); a Wasmtime upgrade that
//! loses it fails here, not only in the benchmark.
//!
//! Its own test binary: it counts the page faults of the whole process.

#![cfg(target_os = "linux")]

mod common;

use std::time::Duration;

use codemode_runtimes::{Language, Status};

/// Minor page faults of this process so far (`/proc/self/stat`, field 10).
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')').expect("stat format") + 2..];
    rest.split_whitespace()
        .nth(7)
        .and_then(|f| f.parse().ok())
        .expect("minflt field")
}

async fn python(code: &str) {
    let outcome = common::run(Language::Python, code).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    // Let the retired instance's reset (off the run's path) finish, so that the next run gets
    // the same slot back.
    tokio::time::sleep(Duration::from_millis(30)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_python_runs_find_their_memory_resident_instead_of_faulting_it_in() {
    // The snippet touches the parser, the compiler, printing and the allocator, like most runs.
    let code = "import json\nprint(json.dumps({'total': sum(range(10))}))\n";
    for _ in 0..5 {
        python(code).await;
    }
    const RUNS: u64 = 20;
    let before = minor_faults();
    for _ in 0..RUNS {
        python(code).await;
    }
    let per_run = (minor_faults() - before) / RUNS;
    // Measured: ~500 faults a run when the scan gave up after 32 dirty regions and decommitted
    // the rest, ~10 with the whole working set kept resident.
    assert!(
        per_run < 100,
        "{per_run} page faults per CPython run: the instance slot's memory is not kept resident"
    );
}
