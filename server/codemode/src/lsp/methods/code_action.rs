//! `textDocument/codeAction`: **Run in sandbox** for any range (an empty range runs what
//! encloses the cursor: function, class, cell, fence, doctest, or the file).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::RUN_COMMAND;
use super::execute_command::RunArgs;
use crate::lsp::server::Backend;

pub fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let version = {
        let documents = backend.session.documents();
        match documents.get(uri.as_str()) {
            Some(document) => document.version(),
            None => return Ok(None),
        }
    };
    let args = RunArgs {
        uri: uri.clone(),
        version,
        range: params.range,
        target: "range".into(),
    };
    let title = if params.range.start == params.range.end {
        "Run in sandbox"
    } else {
        "Run selection in sandbox"
    };
    let command = Command::new(
        title.into(),
        RUN_COMMAND.into(),
        Some(vec![serde_json::to_value(args).expect("serializable")]),
    );
    Ok(Some(vec![CodeActionOrCommand::CodeAction(CodeAction {
        title: title.into(),
        kind: Some(CodeActionKind::new("codemode.run")),
        command: Some(command),
        ..Default::default()
    })]))
}
