//! `textDocument/codeAction`: **Run in sandbox** for any range (an empty range runs what
//! encloses the cursor: function, class, cell, fence, doctest, or the file).

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::RUN_COMMAND;
use super::execute_command::RunArgs;
use crate::lsp::convert;
use crate::lsp::server::Backend;

pub fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri;
    let version = {
        let documents = backend.session.documents();
        let Some(document) = documents.get(uri.as_str()) else {
            return Ok(None);
        };
        // A range that names no place in the text (inside a character, reversed) could
        // never run: say so now. Positions past the ends clamp, as LSP says.
        document
            .byte_range(convert::range(params.range))
            .map_err(|e| Error::invalid_params(e.to_string()))?;
        document.version()
    };
    let args = RunArgs {
        uri: uri.clone(),
        version,
        range: params.range,
        target: "range".into(),
        kind: None,
        name: None,
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
