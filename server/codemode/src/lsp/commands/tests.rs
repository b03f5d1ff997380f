//! `codemode.generateTests`: **Generate tests** for the function or class at the cursor (or a
//! lens's). The service's loop keeps only tests that pass in the sandbox; tests that fail
//! because the code is wrong become warnings on the function (findings). The kept tests are
//! inserted as one edit: at the end of the file, or in a new test file next to it.

use serde_json::json;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::request::ApplyWorkspaceEdit;
use tower_lsp_server::ls_types::*;

use codemode_service::ai::{self, Placed, TestsRequest};

use super::fix::{apply, model};
use super::{AiOutcome, GENERATE_TESTS, RunArgs, argument, resolve, run_ai};
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn tests_command(
    backend: &Backend,
    params: ExecuteCommandParams,
) -> Result<Option<LSPAny>> {
    let args: RunArgs = argument(GENERATE_TESTS, &params)?;
    let (snapshot, target) = resolve(backend, &args)?;
    let model = match model(backend).await {
        Ok(model) => model,
        Err(answer) => return Ok(Some(answer)),
    };
    let counted = model.reports_usage();
    let request = TestsRequest {
        snapshot: snapshot.clone(),
        target,
    };
    let token = params.work_done_progress_params.work_done_token.clone();
    let (report, in_flight) = match run_ai(
        backend,
        token,
        "Generate tests",
        model,
        move |ctx| async move { ai::generate_tests(&ctx, request).await },
    )
    .await?
    {
        AiOutcome::Done(report, in_flight) => (report, in_flight),
        AiOutcome::Answered(answer) => return Ok(Some(answer)),
    };
    in_flight.finish(None).await;

    // Findings: warnings on the function's first line, for this version.
    let findings: Vec<Diagnostic> = {
        let documents = backend.session.documents();
        match documents
            .get(&snapshot.uri)
            .filter(|d| d.version() == snapshot.version)
        {
            Some(document) => {
                let range = convert::byte_range(document, &report.range);
                let head = Range::new(range.start, Position::new(range.start.line + 1, 0));
                report
                    .findings
                    .iter()
                    .map(|f| Diagnostic {
                        range: head,
                        severity: Some(DiagnosticSeverity::WARNING),
                        source: Some("codemode tests".into()),
                        message: format!("test `{}` fails: {} ({})", f.test, f.reason, f.failure),
                        ..Default::default()
                    })
                    .collect()
            }
            None => Vec::new(),
        }
    };
    if !findings.is_empty() {
        backend
            .session
            .set_findings(&snapshot.uri, snapshot.version, findings.clone());
        super::run::republish(backend, &snapshot.uri).await;
    }
    let findings_json: Vec<_> = report
        .findings
        .iter()
        .map(|f| json!({"test": f.test, "reason": f.reason, "failure": f.failure}))
        .collect();
    let tokens = super::tokens_json(counted, report.usage);
    let attempts: Vec<_> = report
        .attempts
        .iter()
        .map(|a| json!({"round": a.round, "result": a.result}))
        .collect();

    let Some(tests) = report.tests else {
        let message = format!(
            "Generate tests: no test passed; nothing was inserted{}",
            if report.findings.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} finding(s) on `{}`)",
                    report.findings.len(),
                    report.name
                )
            }
        );
        backend
            .client
            .show_message(MessageType::WARNING, &message)
            .await;
        return Ok(Some(json!({
            "status": "none_passed", "message": message, "findings": findings_json,
            "attempts": attempts, "tokens": tokens,
        })));
    };
    let applied = match &tests.placement {
        Placed::Append(edit) => apply(
            backend,
            &snapshot,
            std::slice::from_ref(edit),
            "Generate tests",
        )
        .await
        .map(|_| snapshot.uri.to_string()),
        Placed::NewFile { uri, text } => new_file(backend, uri, text).await.map(|_| uri.clone()),
    };
    match applied {
        Ok(target) => {
            let message = format!(
                "Generate tests: inserted {} passing test(s) for `{}` into {}{}",
                tests.kept.len(),
                report.name,
                target.rsplit('/').next().unwrap_or(&target),
                if report.findings.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} test(s) show the code is wrong (see the warnings)",
                        report.findings.len()
                    )
                }
            );
            backend
                .client
                .show_message(MessageType::INFO, &message)
                .await;
            Ok(Some(json!({
                "status": "inserted", "message": message, "file": target, "kept": tests.kept,
                "findings": findings_json, "attempts": attempts, "tokens": tokens,
            })))
        }
        Err(why) => {
            let message = format!("Generate tests: the tests passed but were not inserted: {why}");
            backend
                .client
                .show_message(MessageType::WARNING, &message)
                .await;
            Ok(Some(json!({
                "status": "not_applied", "message": message, "findings": findings_json,
                "attempts": attempts, "tokens": tokens,
            })))
        }
    }
}

/// Creates the test file through the workspace edit (or appends to it when it exists).
async fn new_file(backend: &Backend, uri: &str, text: &str) -> std::result::Result<(), String> {
    let parsed: Uri = uri.parse().map_err(|_| format!("invalid URI {uri}"))?;
    let existing = uri
        .strip_prefix("file://")
        .and_then(|path| std::fs::read_to_string(path).ok());
    let mut operations = Vec::new();
    let at = match &existing {
        Some(current) => {
            let line = current.split('\n').count() as u32 - 1;
            let last = current.rsplit('\n').next().unwrap_or_default();
            Position::new(line, last.encode_utf16().count() as u32)
        }
        None => {
            operations.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: parsed.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
            Position::new(0, 0)
        }
    };
    let inserted = match &existing {
        Some(current) if !current.ends_with('\n') => format!("\n\n{text}"),
        Some(_) => format!("\n{text}"),
        None => text.to_owned(),
    };
    operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: parsed,
            version: None,
        },
        edits: vec![OneOf::Left(TextEdit::new(Range::new(at, at), inserted))],
    }));
    let response = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        backend
            .client
            .send_request::<ApplyWorkspaceEdit>(ApplyWorkspaceEditParams {
                label: Some("Generate tests".into()),
                edit: WorkspaceEdit {
                    document_changes: Some(DocumentChanges::Operations(operations)),
                    ..Default::default()
                },
            }),
    )
    .await;
    match response {
        Ok(Ok(r)) if r.applied => Ok(()),
        Ok(Ok(r)) => Err(format!(
            "the editor did not create {uri}{}",
            r.failure_reason
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        )),
        Ok(Err(e)) => Err(format!("the editor refused the edit: {e}")),
        Err(_) => Err("the editor did not answer within 30 s".into()),
    }
}
