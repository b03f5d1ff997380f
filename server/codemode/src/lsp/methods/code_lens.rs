//! `textDocument/codeLens`: a lens above each runnable snippet, showing its last result.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use codemode_service::run::{kind_name, runnables};

use super::RUN_COMMAND;
use super::execute_command::RunArgs;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub fn code_lens(backend: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    if !backend.session.settings().lenses.enabled {
        return Ok(None);
    }
    let documents = backend.session.documents();
    let Some(document) = documents.get(uri.as_str()) else {
        return Ok(None);
    };
    let snapshot = document.snapshot();
    let results = backend.session.results(uri.as_str());
    let lenses = runnables(&snapshot)
        .into_iter()
        .filter(|r| backend.session.settings().lenses.shows(kind_name(&r.kind)))
        .map(|runnable| {
            let kind = kind_name(&runnable.kind);
            let range = convert::byte_range(document, &runnable.range);
            let head = Range::new(range.start, range.start);
            let last = results.iter().find(|r| {
                r.kind == kind && r.name == runnable.name && r.version == snapshot.version
            });
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
            CodeLens {
                range: head,
                command: Some(Command::new(
                    title,
                    RUN_COMMAND.into(),
                    Some(vec![serde_json::to_value(args).expect("serializable")]),
                )),
                data: None,
            }
        })
        .collect();
    Ok(Some(lenses))
}
