//! `textDocument/codeLens`: a lens above each runnable snippet, showing its last result;
//! with `lenses.ai`, **Auto-fix** above one whose last run failed and **Generate tests**
//! above functions and classes.

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use codemode_service::run::{kind_name, runnables};

use crate::lsp::commands::{FIX, GENERATE_TESTS, RUN, RunArgs};
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub async fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let settings = backend.session.settings();
    if !settings.lenses.enabled {
        return Ok(None);
    }
    let Some(snapshot) = backend
        .session
        .documents()
        .get(uri.as_str())
        .map(|document| document.snapshot())
    else {
        return Ok(None);
    };
    // Finding the runnables parses the whole text (about 0.3 s for 50,000 lines): on a
    // blocking thread, not on the task that polls every handler, and without the documents
    // lock, which edits need.
    let found = {
        let snapshot = snapshot.clone();
        match tokio::task::spawn_blocking(move || runnables(&snapshot)).await {
            Ok(found) => std::sync::Arc::new(found),
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(_) => return Err(Error::request_cancelled()),
        }
    };
    let documents = backend.session.documents();
    let Some(document) = documents
        .get(uri.as_str())
        .filter(|document| document.version() == snapshot.version)
    else {
        // The positions would be those of an older text; the client asks again.
        return Err(Error::content_modified());
    };
    backend.session.cache_runnables(
        uri.as_str(),
        snapshot.version,
        std::sync::Arc::clone(&found),
    );
    let results = backend.session.results(uri.as_str());
    let mut lenses = Vec::new();
    for runnable in found
        .iter()
        .filter(|r| settings.lenses.shows(kind_name(&r.kind)))
    {
        let kind = kind_name(&runnable.kind);
        let range = convert::byte_range(document, &runnable.range);
        let head = Range::new(range.start, range.start);
        let last = results
            .iter()
            .find(|r| r.kind == kind && r.name == runnable.name && r.version == snapshot.version);
        let verb = match kind {
            "doctest" => "▶ Run doctests",
            "file" => "▶ Run file",
            _ => "▶ Run",
        };
        let title = match last {
            Some(run) => format!("{verb} · {}", run.outcome.summary()),
            None => verb.to_owned(),
        };
        let args = RunArgs {
            uri: uri.clone(),
            version: snapshot.version,
            range,
            target: "runnable".into(),
            kind: Some(kind.to_owned()),
            name: Some(runnable.name.clone()),
        };
        let lens = |title: String, command: &str| CodeLens {
            range: head,
            command: Some(Command::new(
                title,
                command.into(),
                Some(vec![serde_json::to_value(&args).expect("serializable")]),
            )),
            data: None,
        };
        lenses.push(lens(title, RUN));
        if settings.lenses.ai {
            if last.is_some_and(|run| run.outcome.error.is_some()) {
                lenses.push(lens("✨ Auto-fix".into(), FIX));
            }
            if matches!(kind, "function" | "class") {
                lenses.push(lens("🧪 Generate tests".into(), GENERATE_TESTS));
            }
        }
    }
    Ok(Some(lenses))
}
