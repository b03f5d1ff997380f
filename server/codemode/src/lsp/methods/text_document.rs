//! `textDocument/didOpen`, `didChange`, `didClose`. Synchronous: each change is in the
//! document store before the handler could yield, so changes apply in the order sent.

use tower_lsp_server::ls_types::*;

use crate::lsp::convert;
use crate::lsp::server::Backend;

pub fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let mut documents = backend.session.documents();
    if let Err(err) = documents.open(doc.uri.as_str(), &doc.language_id, doc.version, &doc.text) {
        tracing::warn!(uri = doc.uri.as_str(), "didOpen refused: {err}");
    }
}

pub fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let changes: Vec<_> = params
        .content_changes
        .into_iter()
        .map(convert::change)
        .collect();
    let mut documents = backend.session.documents();
    if let Err(err) = documents.change(uri.as_str(), params.text_document.version, &changes) {
        // A notification has no response: the log is where a client sees it.
        tracing::warn!(
            uri = uri.as_str(),
            "didChange refused, the document is unchanged: {err}"
        );
    }
}

pub async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let closed = backend.session.documents().close(uri.as_str());
    if let Err(err) = closed {
        tracing::warn!(uri = uri.as_str(), "didClose: {err}");
        return;
    }
    backend.session.forget(uri.as_str());
    backend
        .client
        .publish_diagnostics(uri, Vec::new(), None)
        .await;
}
