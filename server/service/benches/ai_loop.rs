//! The fix loop's own cost per round, model time excluded: every case of `tests/ai/buggy/`
//! through `ai::fix` with an in-process model that answers at once (so the time measured is
//! the loop: the initial run, the prompt and context, reading the proposal and the scope
//! check, the verifying sandbox run, the minimal diff, and the edit as the language server
//! applies it: rebase onto the current text and apply). Two scripts: the known fix in one
//! round, and a wrong candidate first (two rounds); each with the initial run made by the loop,
//! and with the editor's run of the failing snippet reused (Auto-fix on a failure the editor
//! shows, the usual way in). Measured beside it, in the same process: one plain sandbox run of
//! the same snippet (the planner and the sandbox, nothing else).
//!
//! `cargo bench -p codemode-service --bench ai_loop` (add `-- --quick` for fewer samples).
//! Prints a Markdown table; docs/benchmarks.md records the results. Target (issue 4):
//! ≤ 20 ms per round (p50) for Python.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use codemode_runtimes::{CancelHandle, CodeCache, Language, RuntimeConfig, Runtimes, Sandbox};
use codemode_service::ai::{self, AiContext, FixRequest};
use codemode_service::model::{
    ChatFuture, ChatRequest, ChatResponse, ModelClient, StopReason, ToolCall, Usage,
};
use codemode_service::run::run;
use codemode_service::text::{DocumentSnapshot, apply_edits, rebase};
use codemode_service::{RunTarget, Settings, SnippetRun};
use serde_json::json;

const TARGET: Duration = Duration::from_millis(20);

/// A model that answers from a list at once (model time is zero by construction).
struct Instant0 {
    answers: Mutex<VecDeque<ChatResponse>>,
}

impl ModelClient for Instant0 {
    fn describe(&self) -> String {
        "in-process (instant)".into()
    }
    fn chat(&self, _request: ChatRequest) -> ChatFuture<'_> {
        let answer = self.answers.lock().unwrap().pop_front();
        Box::pin(async move { Ok(answer.expect("the script ran out of answers")) })
    }
}

fn propose(id: &str, code: String, start: usize, end: usize) -> ChatResponse {
    ChatResponse {
        text: String::new(),
        tool_calls: vec![ToolCall {
            id: id.into(),
            name: "propose_fix".into(),
            arguments: json!({"code": code, "start_line": start, "end_line": end}),
        }],
        stop: StopReason::ToolUse,
        usage: Usage::default(),
    }
}

/// A buggy program, its fix as a `propose_fix` (the changed lines), and the cursor.
struct Case {
    file: String,
    language_id: &'static str,
    buggy: String,
    fixed: String,
    start_line: usize,
    end_line: usize,
    fix_code: String,
    wrong_code: String,
    cursor: usize,
}

fn load(dir: &Path, file: &str) -> Case {
    let (stem, ext) = file.rsplit_once('.').unwrap();
    let buggy = std::fs::read_to_string(dir.join(file)).unwrap();
    let fixed = std::fs::read_to_string(dir.join(format!("{stem}.fixed.{ext}"))).unwrap();
    let diff = similar::TextDiff::from_lines(&buggy, &fixed);
    let changed: Vec<_> = diff
        .ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .collect();
    let (first, last) = (changed[0], changed[changed.len() - 1]);
    let mut old = first.old_range().start..last.old_range().end;
    let mut new = first.new_range().start..last.new_range().end;
    if old.is_empty() {
        old.start -= 1;
        new.start -= 1;
    }
    let old_lines: Vec<&str> = buggy.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = fixed.split_inclusive('\n').collect();
    let (language_id, comment) = match ext {
        "py" => ("python", "#"),
        "js" => ("javascript", "//"),
        _ => ("typescript", "//"),
    };
    let old_text = old_lines[old.clone()].concat();
    let indent: String = old_text.chars().take_while(|c| *c == ' ').collect();
    let line = old_lines[old.start];
    let cursor = old_lines[..old.start]
        .iter()
        .map(|l| l.len())
        .sum::<usize>()
        + line.len()
        - line.trim_start().len();
    Case {
        file: file.to_owned(),
        language_id,
        start_line: old.start + 1,
        end_line: old.end,
        fix_code: new_lines[new].concat(),
        wrong_code: format!("{indent}{comment} fixed\n{old_text}"),
        cursor,
        buggy,
        fixed,
    }
}

impl Case {
    fn snapshot(&self) -> DocumentSnapshot {
        DocumentSnapshot {
            uri: Arc::from(format!("file:///bench/{}", self.file)),
            language_id: Arc::from(self.language_id),
            version: 1,
            text: Arc::from(self.buggy.as_str()),
        }
    }

    fn answers(&self, rounds: u32) -> VecDeque<ChatResponse> {
        let mut answers = VecDeque::new();
        if rounds == 2 {
            answers.push_back(propose(
                "w",
                self.wrong_code.clone(),
                self.start_line,
                self.end_line,
            ));
        }
        answers.push_back(propose(
            "f",
            self.fix_code.clone(),
            self.start_line,
            self.end_line,
        ));
        answers
    }
}

/// One loop, timed from the request to the edited text; returns the time per round. `known`:
/// the failed run the editor shows, which the loop then does not repeat.
async fn one_loop(
    runtimes: &Arc<Runtimes>,
    case: &Case,
    rounds: u32,
    known: Option<SnippetRun>,
) -> Duration {
    let ctx = AiContext {
        runtimes: Arc::clone(runtimes),
        settings: Settings::default(),
        model: Arc::new(Instant0 {
            answers: Mutex::new(case.answers(rounds)),
        }),
        cancel: CancelHandle::new(),
        progress: Arc::new(|_| {}),
    };
    let snapshot = case.snapshot();
    let started = Instant::now();
    let report = ai::fix(
        &ctx,
        FixRequest {
            snapshot: snapshot.clone(),
            target: RunTarget::Range(case.cursor..case.cursor),
            diagnostics: vec![],
            known_runs: known.into_iter().collect(),
        },
    )
    .await
    .expect("the loop runs");
    let fix = report.fix.expect("the known fix passes");
    // The edit, as the language server makes it: rebased onto the current text, applied.
    let edits = rebase(&fix.edits, &snapshot.text, &snapshot.text).expect("no concurrent edit");
    let edited = apply_edits(&snapshot.text, &edits);
    let elapsed = started.elapsed();
    assert_eq!(fix.round, rounds, "{}", case.file);
    assert_eq!(edited, case.fixed, "{}", case.file);
    elapsed / rounds
}

/// One plain run of the buggy snippet (what the loop's initial run does).
async fn plain_run(runtimes: &Arc<Runtimes>, case: &Case) -> (Duration, SnippetRun) {
    let snapshot = case.snapshot();
    let started = Instant::now();
    let outcome = run(
        runtimes,
        &Settings::default(),
        &snapshot,
        &RunTarget::Range(case.cursor..case.cursor),
        CancelHandle::new(),
    )
    .await
    .expect("runs");
    let elapsed = started.elapsed();
    assert!(outcome.outcome.error.is_some(), "{} fails", case.file);
    (elapsed, outcome)
}

fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * q).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (warmup, iterations) = if quick { (2, 5) } else { (3, 25) };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/ai/buggy");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.contains(".fixed.") && n != "README.md")
        .collect();
    files.sort();
    let cases: Vec<Case> = files.iter().map(|f| load(&dir, f)).collect();

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
    });

    println!(
        "| set | cases | rounds | initial run | loops | per round p50 | per round p95 | p50 / 20 ms | plain run p50 | per round − its runs, p50 (estimate) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    type Member = fn(&Case) -> bool;
    let sets: [(&str, Member); 2] = [
        ("Python", |c| c.language_id == "python"),
        ("JS/TS", |c| c.language_id != "python"),
    ];
    let mut per_case: Vec<(String, Duration, Duration)> = Vec::new();
    for (set, member) in sets {
        let set_cases: Vec<&Case> = cases.iter().filter(|c| member(c)).collect();
        for (rounds, shown) in [(1u32, false), (2, false), (1, true), (2, true)] {
            let (mut per_round, mut runs) = (Vec::new(), Vec::new());
            let mut own: Vec<f64> = Vec::new();
            runtime.block_on(async {
                for case in &set_cases {
                    for _ in 0..warmup {
                        let (_, known) = plain_run(&runtimes, case).await;
                        one_loop(&runtimes, case, rounds, shown.then_some(known)).await;
                    }
                    for _ in 0..iterations {
                        // The run the editor made (and shows) before the user asked for a fix.
                        let (plain, known) = plain_run(&runtimes, case).await;
                        let round = one_loop(&runtimes, case, rounds, shown.then_some(known)).await;
                        per_round.push(round);
                        runs.push(plain);
                        // A loop of k rounds makes k sandbox checks, plus the initial run
                        // unless the editor's is reused.
                        let made = rounds + u32::from(!shown);
                        let sandbox = plain.as_secs_f64() * f64::from(made) / f64::from(rounds);
                        own.push((round.as_secs_f64() - sandbox) * 1000.0);
                        if rounds == 1 && !shown {
                            per_case.push((case.file.clone(), round, plain));
                        }
                    }
                }
            });
            let p50 = quantile(&mut per_round, 0.5);
            println!(
                "| {set} | {} | {rounds} | {} | {} | {} | {} | {:.2}× | {} | {} |",
                set_cases.len(),
                if shown { "the editor's" } else { "in the loop" },
                per_round.len(),
                ms(p50),
                ms(quantile(&mut per_round, 0.95)),
                p50.as_secs_f64() / TARGET.as_secs_f64(),
                ms(quantile(&mut runs, 0.5)),
                {
                    own.sort_by(f64::total_cmp);
                    format!("{:+.2} ms", own[own.len() / 2])
                },
            );
        }
    }
    println!();
    println!("| case | 1-round loop p50 | plain run p50 |");
    println!("|---|---|---|");
    let mut names: Vec<String> = per_case.iter().map(|(n, _, _)| n.clone()).collect();
    names.dedup();
    for name in names {
        let mut loops: Vec<Duration> = per_case
            .iter()
            .filter(|c| c.0 == name)
            .map(|c| c.1)
            .collect();
        let mut plains: Vec<Duration> = per_case
            .iter()
            .filter(|c| c.0 == name)
            .map(|c| c.2)
            .collect();
        println!(
            "| {name} | {} | {} |",
            ms(quantile(&mut loops, 0.5)),
            ms(quantile(&mut plains, 0.5))
        );
    }
}
