//! Sandbox benchmark: fresh-instance runs of each runtime against the native interpreter
//! measured side by side in the same run, and 100 concurrent Python runs.
//!
//! `cargo bench -p codemode-runtimes --bench sandbox` (add `-- --quick` for fewer samples).
//! Prints a Markdown table; docs/benchmarks.md records the results.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use codemode_runtimes::{
    CodeCache, Language, RunRequest, RuntimeConfig, Runtimes, Sandbox, Status,
};

struct Stats {
    p50: Duration,
    p90: Duration,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        p50: at(0.5),
        p90: at(0.9),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn sandbox_samples(
    runtimes: &Runtimes,
    language: Language,
    code: &str,
    n: usize,
) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let request = RunRequest::new(language.clone(), code, "bench");
        let started = Instant::now();
        let outcome = runtimes.run(request).await.expect("runtime");
        samples.push(started.elapsed());
        assert_eq!(outcome.status, Status::Ok, "{outcome:?}");
    }
    samples
}

fn native_samples(program: &str, args: &[&str], n: usize) -> Vec<Duration> {
    (0..n)
        .map(|_| {
            let started = Instant::now();
            let status = Command::new(program)
                .args(args)
                .stdout(Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{program}: {e}"));
            assert!(status.success());
            started.elapsed()
        })
        .collect()
}

/// The real interpreter behind `python3` (not a version manager's shell shim, whose start-up
/// would be measured instead).
fn real_python() -> String {
    let output = Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for the native reference");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n_hello, n_native, n_loop) = if quick { (50, 10, 2) } else { (300, 40, 5) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-cache");
    let runtimes = Arc::new(Runtimes::new(
        Sandbox::new(CodeCache::new(Some(cache))).unwrap(),
        RuntimeConfig::default(),
    ));
    runtime.block_on(async {
        for language in [Language::Python, Language::JavaScript] {
            runtimes.warm(&language).await.expect("runtime builds");
        }
        // Warm-up: page in the compiled code and the memory images.
        sandbox_samples(&runtimes, Language::Python, "print(1)", 20).await;
        sandbox_samples(&runtimes, Language::JavaScript, "console.log(1)", 20).await;
    });

    let python = real_python();
    let loop_py = "s = 0\nfor i in range(2_000_000):\n    s += i\nprint(s)\n";
    let loop_js = "let s = 0;\nfor (let i = 0; i < 2000000; i++) s += i;\nconsole.log(s);\n";
    // (name, language, sandboxed code, native program, its arguments, samples)
    type Case<'a> = (&'a str, Language, &'a str, &'a str, Vec<&'a str>, usize);
    let cases: Vec<Case> = vec![
        (
            "Python hello",
            Language::Python,
            "print(sum(range(10)))",
            &python,
            vec!["-c", "print(sum(range(10)))"],
            n_hello,
        ),
        (
            "JS hello",
            Language::JavaScript,
            "console.log([1, 2, 3].length)",
            "node",
            vec!["-e", "console.log([1, 2, 3].length)"],
            n_hello,
        ),
        (
            "TS hello",
            Language::TypeScript,
            "const n: number = 3;\nconsole.log(n)",
            "node",
            vec!["-e", "const n = 3;\nconsole.log(n)"],
            n_hello,
        ),
        (
            "Python 2M loop",
            Language::Python,
            loop_py,
            &python,
            vec!["-c", loop_py],
            n_loop,
        ),
        (
            "JS 2M loop",
            Language::JavaScript,
            loop_js,
            "node",
            vec!["-e", loop_js],
            n_loop,
        ),
    ];

    println!(
        "| case | sandbox p50 | sandbox p90 | native p50 | native p90 | sandbox / native (p50) |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, language, code, program, args, n) in cases {
        let sandbox = stats(runtime.block_on(sandbox_samples(&runtimes, language, code, n)));
        let native = stats(native_samples(
            program,
            &args,
            if n == n_loop { n_loop } else { n_native },
        ));
        println!(
            "| {name} | {} | {} | {} (`{}`) | {} | {:.3}× |",
            ms(sandbox.p50),
            ms(sandbox.p90),
            ms(native.p50),
            program.rsplit('/').next().unwrap_or(program),
            ms(native.p90),
            sandbox.p50.as_secs_f64() / native.p50.as_secs_f64()
        );
    }

    // 100 concurrent Python runs.
    let rss_before = rss_kib();
    let (elapsed, failures) = runtime.block_on(async {
        let started = Instant::now();
        let tasks: Vec<_> = (0..100)
            .map(|i| {
                let runtimes = Arc::clone(&runtimes);
                tokio::spawn(async move {
                    let code = format!(
                        "import json\nprint(json.dumps({{'run': {i}, 'sum': sum(range(1000))}}))"
                    );
                    let outcome = runtimes
                        .run(RunRequest::new(Language::Python, code, "bench"))
                        .await;
                    match outcome {
                        Ok(o)
                            if o.status == Status::Ok
                                && o.stdout.contains(&format!("\"run\": {i},")) =>
                        {
                            0
                        }
                        _ => 1,
                    }
                })
            })
            .collect();
        let mut failures = 0;
        for task in tasks {
            failures += task.await.unwrap_or(1);
        }
        (started.elapsed(), failures)
    });
    println!();
    println!(
        "100 concurrent Python runs: {} total, {:.0} runs/s, {failures} failures; RSS {} MiB before, peak RSS {} MiB",
        ms(elapsed),
        100.0 / elapsed.as_secs_f64(),
        rss_before / 1024,
        peak_rss_kib() / 1024
    );
}
