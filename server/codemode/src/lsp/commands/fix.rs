//! `codemode.fix`: **Auto-fix with AI**. Runs the service's repair loop (every candidate is
//! checked in the sandbox), shows `$/progress` (round k of N, tokens so far; cancellable),
//! and applies the verified fix as one versioned `workspace/applyEdit` — rebased onto the
//! user's newer text when their changes do not touch it, refused when they do.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::request::ApplyWorkspaceEdit;
use tower_lsp_server::ls_types::*;

use codemode_service::ai::{self, EditorDiagnostic, FixRequest};
use codemode_service::model::ModelClient;
use codemode_service::text::{ByteEdit, DocumentSnapshot, rebase};

use super::{AiOutcome, FIX, RunArgs, argument, resolve, run_ai, tokens_json, tokens_note};
use crate::lsp::convert;
use crate::lsp::server::Backend;

/// The argument of `codemode.fix`: what to run (as for `codemode.run`) and the diagnostics
/// the editor passed with the code action.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixArgs {
    #[serde(flatten)]
    pub run: RunArgs,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

pub async fn fix_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    let args: FixArgs = argument(FIX, &params)?;
    let (snapshot, target) = resolve(backend, &args.run)?;
    let model = match model(backend).await {
        Ok(model) => model,
        Err(answer) => return Ok(Some(answer)),
    };
    let counted = model.reports_usage();
    let diagnostics = args
        .diagnostics
        .iter()
        .map(|d| EditorDiagnostic {
            line: d.range.start.line + 1,
            message: d.message.clone(),
            source: d.source.clone(),
        })
        .collect();

    let request = FixRequest {
        known_runs: backend.session.results(&snapshot.uri),
        snapshot: snapshot.clone(),
        target,
        diagnostics,
    };
    let token = params.work_done_progress_params.work_done_token.clone();
    let (report, in_flight) = match run_ai(
        backend,
        token,
        "Auto-fix with AI",
        model,
        move |ctx| async move { ai::fix(&ctx, request).await },
    )
    .await?
    {
        AiOutcome::Done(report, in_flight) => (report, in_flight),
        AiOutcome::Answered(answer) => return Ok(Some(answer)),
    };

    let tokens = tokens_json(counted, report.usage);
    let attempts: Vec<_> = report
        .attempts
        .iter()
        .map(|a| json!({"round": a.round, "result": a.result, "passed": a.passed}))
        .collect();
    log_attempts(backend, &snapshot, &report, counted).await;
    let Some(fix) = report.fix else {
        in_flight.finish(Some("no fix passed".into())).await;
        let message = format!(
            "Auto-fix with AI: no candidate passed in {} round(s); nothing was changed. Last: {}",
            report.attempts.len(),
            report
                .attempts
                .last()
                .map_or("no answer", |a| a.result.as_str())
        );
        backend
            .client
            .show_message(MessageType::WARNING, &message)
            .await;
        return Ok(Some(json!({
            "status": "not_fixed",
            "message": message,
            "attempts": attempts,
            "tokens": tokens,
        })));
    };
    in_flight.finish(Some("applying the fix".into())).await;
    match apply(backend, &snapshot, &fix.edits, "Auto-fix with AI").await {
        Ok(version) => {
            // The failure the fix addressed is gone (checked in the sandbox): clear the old
            // results, whose positions belong to the text before the edit.
            backend.session.forget(&snapshot.uri);
            backend
                .client
                .publish_diagnostics(args.run.uri.clone(), Vec::new(), None)
                .await;
            let explanation = if fix.explanation.is_empty() {
                String::new()
            } else {
                format!(": {}", fix.explanation)
            };
            let message = format!(
                "Auto-fix with AI: fixed in round {} {}{explanation}",
                fix.round,
                tokens_note(counted, report.usage)
            );
            backend
                .client
                .show_message(MessageType::INFO, &message)
                .await;
            Ok(Some(json!({
                "status": "applied",
                "message": message,
                "version": version,
                "round": fix.round,
                "attempts": attempts,
                "tokens": tokens,
                "outcome": fix.run.outcome,
            })))
        }
        Err(why) => {
            let message = format!("Auto-fix with AI: the fix passed but was not applied: {why}");
            backend
                .client
                .show_message(MessageType::WARNING, &message)
                .await;
            Ok(Some(json!({
                "status": "not_applied",
                "message": message,
                "attempts": attempts,
                "tokens": tokens,
            })))
        }
    }
}

/// The model for the AI commands; without one, the user is told how to configure it (or
/// what is wrong with the configured one) and the command answers the same.
pub async fn model(
    backend: &Backend,
) -> std::result::Result<Arc<dyn ModelClient>, serde_json::Value> {
    let (status, typ, message) = match backend.session.model() {
        Ok(Some(model)) => return Ok(model),
        Ok(None) => (
            "not_configured",
            MessageType::INFO,
            codemode_service::model::not_configured_message(),
        ),
        Err(error) => (
            "model_error",
            MessageType::ERROR,
            format!("codemode's model cannot be used: {error}"),
        ),
    };
    backend.client.show_message(typ, &message).await;
    Err(json!({"status": status, "message": message}))
}

/// Applies `edits` (computed against `base`) to the document as it is now: rebased onto the
/// user's newer text, in one versioned edit (one undo step). Refused when the user's changes
/// touch the edits; retried when the user typed between the rebase and the client's answer.
pub async fn apply(
    backend: &Backend,
    base: &DocumentSnapshot,
    edits: &[ByteEdit],
    label: &str,
) -> std::result::Result<i32, String> {
    let uri: Uri = base
        .uri
        .parse()
        .map_err(|_| "the document's URI is invalid".to_owned())?;
    for _ in 0..3 {
        let (version, text_edits) = {
            let documents = backend.session.documents();
            let document = documents
                .get(&base.uri)
                .ok_or_else(|| "the document was closed".to_owned())?;
            let rebased = rebase(edits, &base.text, &document.text()).map_err(|e| e.to_string())?;
            let text_edits: Vec<TextEdit> = document
                .to_positions(&rebased)
                .into_iter()
                .map(|e| {
                    TextEdit::new(
                        Range::new(
                            convert::to_lsp_position(e.range.start),
                            convert::to_lsp_position(e.range.end),
                        ),
                        e.new_text,
                    )
                })
                .collect();
            (document.version(), text_edits)
        };
        let edit = if backend
            .session
            .document_changes
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version: Some(version),
                    },
                    edits: text_edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..Default::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some([(uri.clone(), text_edits)].into_iter().collect()),
                ..Default::default()
            }
        };
        let answer = tokio::time::timeout(
            Duration::from_secs(30),
            backend
                .client
                .send_request::<ApplyWorkspaceEdit>(ApplyWorkspaceEditParams {
                    label: Some(label.to_owned()),
                    edit,
                }),
        )
        .await;
        match answer {
            Ok(Ok(response)) if response.applied => return Ok(version),
            Ok(Ok(response)) => {
                let moved_on = backend
                    .session
                    .documents()
                    .get(&base.uri)
                    .is_some_and(|d| d.version() != version);
                if !moved_on {
                    return Err(format!(
                        "the editor did not apply it{}",
                        response
                            .failure_reason
                            .map(|r| format!(": {r}"))
                            .unwrap_or_default()
                    ));
                }
                tracing::debug!("the document changed while the edit was applied: rebasing again");
            }
            Ok(Err(error)) => return Err(format!("the editor refused the edit: {error}")),
            Err(_) => return Err("the editor did not answer within 30 s".into()),
        }
    }
    Err("the document kept changing; try again".into())
}

async fn log_attempts(
    backend: &Backend,
    snapshot: &DocumentSnapshot,
    report: &ai::FixReport,
    counted: bool,
) {
    let tokens = if counted {
        format!(
            "{} + {} tokens",
            report.usage.input_tokens, report.usage.output_tokens
        )
    } else {
        "tokens not reported".to_owned()
    };
    let mut log = format!(
        "Auto-fix {} `{}` ({}): {} request(s), {tokens}",
        report.original.kind, report.original.name, snapshot.uri, report.requests,
    );
    for attempt in &report.attempts {
        log.push_str(&format!(
            "\n  round {}: {}{}",
            attempt.round,
            attempt.result,
            if attempt.passed { " (applied)" } else { "" }
        ));
    }
    backend.client.log_message(MessageType::INFO, log).await;
}
