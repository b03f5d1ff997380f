//! `textDocument/codeAction`: **Run in sandbox** for any range (an empty range runs what
//! encloses the cursor: function, class, cell, fence, doctest, or the file); **Auto-fix with
//! AI** on diagnostics (the client's, any server's, or a failed codemode run at the cursor)
//! and on any selection; **Generate tests** in a function or class.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use crate::lsp::commands::fix::FixArgs;
use crate::lsp::commands::{FIX, GENERATE_TESTS, RUN, RunArgs};
use codemode_service::run::{kind_name, runnables};

use crate::lsp::convert;
use crate::lsp::server::Backend;

pub fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let (version, failed_here, subject) = {
        let documents = backend.session.documents();
        let Some(document) = documents.get(uri.as_str()) else {
            return Ok(None);
        };
        // A range that names no place in the text (inside a character, reversed) could
        // never run: say so now. Positions past the ends clamp, as LSP says.
        let bytes = document
            .byte_range(convert::range(params.range))
            .map_err(|e| Error::invalid_params(e.to_string()))?;
        // A failed run of this version around the cursor (its diagnostics may not be in the
        // context: clients send those of the cursor's line only).
        let failed_here = backend.session.results(uri.as_str()).iter().any(|run| {
            run.version == document.version()
                && run.outcome.error.is_some()
                && run.range.start <= bytes.start
                && bytes.end <= run.range.end
        });
        // The function or class around the cursor, for Generate tests (parsing a big
        // document would hold up edits: those use the lenses' cached parse, or go without).
        let snapshot = document.snapshot();
        let found = backend
            .session
            .cached_runnables(uri.as_str(), document.version())
            .or_else(|| {
                (snapshot.text.len() <= SYNC_PARSE_BYTES)
                    .then(|| std::sync::Arc::new(runnables(&snapshot)))
            });
        let subject = found.and_then(|found| {
            found
                .iter()
                .filter(|r| matches!(kind_name(&r.kind), "function" | "class"))
                .filter(|r| r.range.start <= bytes.start && bytes.end <= r.range.end)
                .min_by_key(|r| r.range.len())
                .map(|r| {
                    (
                        kind_name(&r.kind),
                        r.name.clone(),
                        convert::byte_range(document, &r.range),
                    )
                })
        });
        (document.version(), failed_here, subject)
    };
    let args = RunArgs {
        uri: uri.clone(),
        version,
        range: params.range,
        target: "range".into(),
        kind: None,
        name: None,
    };
    let selection = params.range.start != params.range.end;
    let mut actions = Vec::new();
    let title = if selection {
        "Run selection in sandbox"
    } else {
        "Run in sandbox"
    };
    actions.push(action(
        title,
        CodeActionKind::new("codemode.run"),
        RUN,
        &args,
        None,
    ));

    let diagnostics = params.context.diagnostics;
    if !diagnostics.is_empty() || failed_here || selection {
        let (title, kind) = if diagnostics.is_empty() && !failed_here {
            (
                "Auto-fix selection with AI",
                CodeActionKind::new("codemode.fix"),
            )
        } else {
            ("Auto-fix with AI", CodeActionKind::QUICKFIX)
        };
        let fix = FixArgs {
            run: args.clone(),
            diagnostics: diagnostics.clone(),
        };
        let attached = (!diagnostics.is_empty()).then_some(diagnostics);
        actions.push(action(title, kind, FIX, &fix, attached));
    }
    if let Some((kind, name, range)) = subject {
        let args = RunArgs {
            uri: uri.clone(),
            version,
            range,
            target: "runnable".into(),
            kind: Some(kind.to_owned()),
            name: Some(name.clone()),
        };
        actions.push(action(
            &format!("Generate tests for `{name}`"),
            CodeActionKind::new("codemode.tests"),
            GENERATE_TESTS,
            &args,
            None,
        ));
    }
    if let Some(only) = &params.context.only {
        actions.retain(|a| {
            let kind = a.kind.as_ref().map_or("", |k| k.as_str());
            only.iter().any(|wanted| {
                wanted.as_str().is_empty()
                    || kind == wanted.as_str()
                    || kind.starts_with(&format!("{}.", wanted.as_str()))
            })
        });
    }
    Ok(Some(
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect(),
    ))
}

/// Documents up to this size are parsed inside the request to find the function at the
/// cursor (a few milliseconds); bigger ones rely on the lenses' parse of the same version.
const SYNC_PARSE_BYTES: usize = 256 * 1024;

fn action(
    title: &str,
    kind: CodeActionKind,
    command: &str,
    args: &impl serde::Serialize,
    diagnostics: Option<Vec<Diagnostic>>,
) -> CodeAction {
    CodeAction {
        title: title.into(),
        kind: Some(kind),
        diagnostics,
        command: Some(Command::new(
            title.into(),
            command.into(),
            Some(vec![serde_json::to_value(args).expect("serializable")]),
        )),
        ..Default::default()
    }
}
