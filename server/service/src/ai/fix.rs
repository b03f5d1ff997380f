//! The repair loop. The model proposes; the sandbox decides.
//!
//! 1. Run the snippet as asked (a lens's runnable, the snippet at the cursor, a selection):
//!    that fixes the scope (its lines) and the check (the same run).
//! 2. Round k of N: ask the model (it may call `run_in_sandbox` up to `maxToolCalls` times),
//!    read its proposal, refuse it if it leaves the scope, else run the same check on the
//!    snapshot's text with the proposal applied.
//! 3. The first candidate whose check passes is the fix: minimal edits against the snapshot
//!    the loop started from. If none passes, nothing changes and the report says what was
//!    tried and why it failed.

use std::sync::Arc;

use codemode_runtimes::{Language, Status};

use super::answer::{self, Proposal, Scope};
use super::prompt::{self, EditorDiagnostic};
use super::tools::{self, PROPOSE_FIX, RUN_IN_SANDBOX};
use super::{AiContext, AiError};
use crate::model::{Message, StopReason, Usage};
use crate::run::{RunTarget, SnippetRun, display_name, reusable, run};
use crate::text::{ByteEdit, DocumentSnapshot, apply_edits, minimal_edits};

/// What to fix.
#[derive(Debug, Clone)]
pub struct FixRequest {
    pub snapshot: DocumentSnapshot,
    pub target: RunTarget,
    /// Diagnostics the editor passed with the action (any server's), in document lines.
    pub diagnostics: Vec<EditorDiagnostic>,
    /// Runs of this document the front already has (the results it shows). One of the same
    /// document version and snippet stands in for the loop's initial run, which saves a
    /// sandbox run when Auto-fix is asked for on a failure the editor shows.
    pub known_runs: Vec<SnippetRun>,
}

/// How a loop ended.
#[derive(Debug, Clone)]
pub struct FixReport {
    /// The verified fix, if a candidate passed.
    pub fix: Option<Fix>,
    /// Every candidate, in order, with why it was not taken (the last one is the fix).
    pub attempts: Vec<Attempt>,
    pub usage: Usage,
    /// Requests made to the model.
    pub requests: u32,
    /// The run the loop started from.
    pub original: SnippetRun,
}

/// A candidate that passed.
#[derive(Debug, Clone)]
pub struct Fix {
    /// Minimal edits against the text of the request's snapshot, inside the snippet.
    pub edits: Vec<ByteEdit>,
    pub explanation: String,
    /// The passing run, on the fixed text.
    pub run: SnippetRun,
    pub round: u32,
}

/// One candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub round: u32,
    /// `✓ ok · 3 ms`, `✗ NameError: ... (line 4)`, `refused: ...`, `no fix proposed`.
    pub result: String,
    pub passed: bool,
}

/// How a candidate is checked: the same run as the original, on the candidate's text.
enum Check {
    Runnable {
        kind: String,
        name: String,
        start: usize,
    },
    Selection(std::ops::Range<usize>),
}

impl Check {
    fn of(run: &SnippetRun) -> Self {
        match run.kind {
            "selection" => Self::Selection(run.range.clone()),
            kind => Self::Runnable {
                kind: kind.to_owned(),
                name: run.name.clone(),
                start: run.range.start,
            },
        }
    }

    fn target(&self, proposal: &Proposal) -> RunTarget {
        match self {
            Self::Runnable { kind, name, start } => RunTarget::Runnable {
                kind: kind.clone(),
                name: name.clone(),
                start: *start,
            },
            Self::Selection(range) => {
                let delta = proposal.text.len() as isize - proposal.range.len() as isize;
                RunTarget::Range(range.start..range.end.saturating_add_signed(delta))
            }
        }
    }
}

pub async fn fix(ctx: &AiContext, request: FixRequest) -> Result<FixReport, AiError> {
    let rounds = ctx.settings.ai.max_rounds.max(1);
    let snapshot = &request.snapshot;
    let original = match reusable(&request.known_runs, snapshot, &request.target) {
        Some(known) => known.clone(),
        None => {
            ctx.report(0, rounds, Usage::default(), "running the snippet");
            run(
                &ctx.runtimes,
                &ctx.settings,
                snapshot,
                &request.target,
                ctx.cancel.clone(),
            )
            .await?
        }
    };
    let text: &str = &snapshot.text;
    let file_name = display_name(&snapshot.uri);
    let scope = Scope::of(&snapshot.uri, &file_name, text, &original.range);
    let language = original.outcome.language.clone();
    let run_language = Language::from_id(&language, ctx.runtimes.config());
    let check = Check::of(&original);

    let mut messages = vec![Message::User {
        text: prompt::fix_request(text, &scope, &language, &original, &request.diagnostics),
    }];
    let system = prompt::fix_system(&language, &scope);
    let mut report = FixReport {
        fix: None,
        attempts: Vec::new(),
        usage: Usage::default(),
        requests: 0,
        original: original.clone(),
    };
    let max_calls = ctx.settings.ai.max_tool_calls;

    for round in 1..=rounds {
        ctx.report(round, rounds, report.usage, "asking the model");
        // One round ends with one candidate (or none, after too many tool calls).
        let mut calls = 0;
        let mut turns = 0;
        let candidate = loop {
            turns += 1;
            if turns > max_calls + 2 {
                break None;
            }
            let response = tools::ask(
                ctx,
                &system,
                &mut messages,
                vec![tools::run_in_sandbox(), tools::propose_fix()],
                &mut report.usage,
                &mut report.requests,
            )
            .await?;
            if response.tool_calls.is_empty() {
                if let Some(proposal) = answer::read_fenced(&response.text, text, &scope) {
                    break Some((None, Ok(proposal)));
                }
                if response.stop == StopReason::MaxTokens || calls >= max_calls {
                    break None;
                }
                calls += 1;
                messages.push(Message::User {
                    text: "Call propose_fix with your fix (or answer with the fixed snippet in \
                           one fenced code block)."
                        .into(),
                });
                continue;
            }
            let mut proposal = None;
            for call in &response.tool_calls {
                let (content, is_error) = match call.name.as_str() {
                    PROPOSE_FIX if proposal.is_none() => {
                        proposal = Some((
                            Some(call.id.clone()),
                            answer::read_fix(&call.arguments, text, &scope),
                        ));
                        continue; // answered after the check
                    }
                    PROPOSE_FIX => ("one fix per turn: this one was ignored".to_owned(), true),
                    RUN_IN_SANDBOX => {
                        ctx.report(round, rounds, report.usage, "the model is trying code");
                        tools::sandbox_call(ctx, call, run_language.as_ref(), &mut calls).await
                    }
                    other => (format!("unknown tool `{other}`"), true),
                };
                messages.push(Message::ToolResult {
                    call_id: call.id.clone(),
                    content,
                    is_error,
                });
            }
            if proposal.is_some() {
                break proposal;
            }
        };

        let Some((call_id, proposal)) = candidate else {
            report.attempts.push(Attempt {
                round,
                result: "no fix proposed".into(),
                passed: false,
            });
            messages.push(Message::User {
                text: "No fix was proposed. Call propose_fix with your best fix.".into(),
            });
            continue;
        };
        let proposal = match proposal {
            Ok(proposal) => proposal,
            Err(refusal) => {
                tracing::info!(round, "fix refused: {refusal}");
                report.attempts.push(Attempt {
                    round,
                    result: refusal.to_string(),
                    passed: false,
                });
                answer_candidate(&mut messages, call_id, refusal.to_string(), true);
                continue;
            }
        };

        ctx.report(
            round,
            rounds,
            report.usage,
            "checking the fix in the sandbox",
        );
        let new_text = apply_edits(
            text,
            &[ByteEdit::new(proposal.range.clone(), proposal.text.clone())],
        );
        let candidate = DocumentSnapshot {
            text: Arc::from(new_text.as_str()),
            ..snapshot.clone()
        };
        let verified = run(
            &ctx.runtimes,
            &ctx.settings,
            &candidate,
            &check.target(&proposal),
            ctx.cancel.clone(),
        )
        .await;
        let verified = match verified {
            Ok(run) => run,
            Err(error) => {
                let result = format!("the fixed snippet could not run: {error}");
                report.attempts.push(Attempt {
                    round,
                    result: result.clone(),
                    passed: false,
                });
                answer_candidate(&mut messages, call_id, result, true);
                continue;
            }
        };
        let passed = verified.outcome.status == Status::Ok && verified.outcome.error.is_none();
        report.attempts.push(Attempt {
            round,
            result: verified.outcome.summary(),
            passed,
        });
        if passed {
            // The minimal diff of the replaced lines alone, so no edit can leave them (a diff
            // of the whole text could slide an insertion onto an identical neighbouring line).
            let start = proposal.range.start;
            let edits: Vec<ByteEdit> = minimal_edits(&text[proposal.range.clone()], &proposal.text)
                .into_iter()
                .map(|e| ByteEdit::new(e.range.start + start..e.range.end + start, e.new_text))
                .collect();
            report.fix = Some(Fix {
                edits,
                explanation: proposal.explanation,
                run: verified,
                round,
            });
            return Ok(report);
        }
        answer_candidate(&mut messages, call_id, prompt::fix_failed(&verified), true);
    }
    Ok(report)
}

/// Tells the model what became of its candidate: as the result of its `propose_fix` call, or
/// as a user message when it answered in text.
fn answer_candidate(
    messages: &mut Vec<Message>,
    call_id: Option<String>,
    content: String,
    is_error: bool,
) {
    messages.push(match call_id {
        Some(call_id) => Message::ToolResult {
            call_id,
            content,
            is_error,
        },
        None => Message::User { text: content },
    });
}
