//! The one owner of open documents.
//!
//! No locks inside: the server owns a `Documents` and applies every open/change/close
//! synchronously, in the order the client sent them, before any `.await`. Everything else
//! works on [`DocumentSnapshot`]s and checks [`Documents::is_current`] before publishing.

use std::collections::HashMap;
use std::sync::Arc;

use super::document::{Document, DocumentError, DocumentSnapshot, TextChange};
use super::encoding::PositionEncoding;

/// The open documents of one session, by URI, all in the session's position encoding.
#[derive(Debug)]
pub struct Documents {
    encoding: PositionEncoding,
    open: HashMap<Arc<str>, Document>,
}

impl Documents {
    /// No documents yet; changes will be given in `encoding` (the negotiated one).
    pub fn new(encoding: PositionEncoding) -> Self {
        Self {
            encoding,
            open: HashMap::new(),
        }
    }

    pub fn encoding(&self) -> PositionEncoding {
        self.encoding
    }

    /// Opens a document; opening one that is already open is refused (and changes nothing).
    pub fn open(
        &mut self,
        uri: &str,
        language_id: &str,
        version: i32,
        text: &str,
    ) -> Result<&Document, DocumentError> {
        if self.open.contains_key(uri) {
            return Err(DocumentError::AlreadyOpen(uri.to_owned()));
        }
        let document = Document::new(uri, language_id, version, text, self.encoding);
        Ok(self.open.entry(uri.into()).or_insert(document))
    }

    /// Applies a batch of changes with [`Document::apply_change`] (all or nothing).
    pub fn change(
        &mut self,
        uri: &str,
        version: i32,
        changes: &[TextChange],
    ) -> Result<&Document, DocumentError> {
        let document = self.open.get_mut(uri).ok_or_else(|| not_open(uri))?;
        document.apply_change(version, changes)?;
        Ok(document)
    }

    /// Closes a document and hands it back.
    pub fn close(&mut self, uri: &str) -> Result<Document, DocumentError> {
        self.open.remove(uri).ok_or_else(|| not_open(uri))
    }

    pub fn get(&self, uri: &str) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn snapshot(&self, uri: &str) -> Result<DocumentSnapshot, DocumentError> {
        self.get(uri)
            .map(Document::snapshot)
            .ok_or_else(|| not_open(uri))
    }

    /// Whether `uri` is open at exactly `version`: the test before publishing results
    /// computed from a snapshot.
    pub fn is_current(&self, uri: &str, version: i32) -> bool {
        self.get(uri)
            .is_some_and(|document| document.version() == version)
    }

    /// The URIs of the open documents, in no particular order.
    pub fn uris(&self) -> impl Iterator<Item = &str> {
        self.open.keys().map(AsRef::as_ref)
    }
}

fn not_open(uri: &str) -> DocumentError {
    DocumentError::NotOpen(uri.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Position, TextRange};

    const URI: &str = "file:///w/a.py";

    fn documents_with_one() -> Documents {
        let mut documents = Documents::new(PositionEncoding::Utf16);
        documents.open(URI, "python", 1, "print(1)\n").unwrap();
        documents
    }

    #[test]
    fn open_change_snapshot_close() {
        let mut documents = documents_with_one();
        let range = TextRange::new(Position::new(0, 6), Position::new(0, 7));
        let changed = documents
            .change(URI, 2, &[TextChange::replace(range, "2")])
            .unwrap();
        assert_eq!(changed.text().as_ref(), "print(2)\n");
        let snapshot = documents.snapshot(URI).unwrap();
        assert_eq!(
            (snapshot.version, snapshot.text.as_ref()),
            (2, "print(2)\n")
        );
        assert!(documents.is_current(URI, 2) && !documents.is_current(URI, 1));
        assert_eq!(documents.uris().collect::<Vec<_>>(), [URI]);
        let closed = documents.close(URI).unwrap();
        assert_eq!(closed.version(), 2);
        assert!(documents.get(URI).is_none() && !documents.is_current(URI, 2));
    }

    #[test]
    fn unknown_documents_are_errors() {
        let mut documents = documents_with_one();
        let other = "file:///w/other.py";
        let not_open = DocumentError::NotOpen(other.to_owned());
        assert_eq!(documents.change(other, 2, &[]).unwrap_err(), not_open);
        assert_eq!(documents.snapshot(other).unwrap_err(), not_open);
        assert_eq!(documents.close(other).unwrap_err(), not_open);
        assert_eq!(not_open.to_string(), "file:///w/other.py is not open");
    }

    #[test]
    fn a_second_open_is_refused_and_keeps_the_document() {
        let mut documents = documents_with_one();
        let error = documents.open(URI, "python", 7, "other").unwrap_err();
        assert_eq!(error, DocumentError::AlreadyOpen(URI.to_owned()));
        let document = documents.get(URI).unwrap();
        assert_eq!(
            (document.version(), document.text().as_ref()),
            (1, "print(1)\n")
        );
    }

    #[test]
    fn a_refused_change_leaves_the_document_as_it_was() {
        let mut documents = documents_with_one();
        let error = documents
            .change(URI, 1, &[TextChange::full("x")])
            .unwrap_err();
        assert!(matches!(
            error,
            DocumentError::StaleVersion {
                current: 1,
                received: 1,
                ..
            }
        ));
        assert_eq!(documents.snapshot(URI).unwrap().text.as_ref(), "print(1)\n");
    }
}
