//! LSP types ↔ the service's plain types. The only place that knows both.

use codemode_runtimes::{Diagnostic, RunOutcome, Severity};
use codemode_service::text::{Document, PositionEncoding, TextChange, TextRange};
use tower_lsp_server::ls_types as lsp;

pub fn position(p: lsp::Position) -> codemode_service::text::Position {
    codemode_service::text::Position::new(p.line, p.character)
}

pub fn to_lsp_position(p: codemode_service::text::Position) -> lsp::Position {
    lsp::Position::new(p.line, p.character)
}

pub fn range(r: lsp::Range) -> TextRange {
    TextRange::new(position(r.start), position(r.end))
}

pub fn change(c: lsp::TextDocumentContentChangeEvent) -> TextChange {
    TextChange {
        range: c.range.map(range),
        text: c.text,
    }
}

pub fn encoding(e: &lsp::PositionEncodingKind) -> Option<PositionEncoding> {
    PositionEncoding::from_name(e.as_str())
}

pub fn to_lsp_encoding(e: PositionEncoding) -> lsp::PositionEncodingKind {
    lsp::PositionEncodingKind::new(e.name())
}

/// A byte range of the document as an LSP range.
pub fn byte_range(document: &Document, bytes: &std::ops::Range<usize>) -> lsp::Range {
    lsp::Range::new(
        to_lsp_position(document.position(bytes.start)),
        to_lsp_position(document.position(bytes.end)),
    )
}

/// An outcome position (1-based line, column in code points) as an LSP range.
fn span(document: &Document, s: &codemode_runtimes::Span) -> lsp::Range {
    let start = document.from_line_column(s.line.max(1), s.column.max(1));
    let end = document.from_line_column(s.end_line.max(s.line).max(1), s.end_column.max(1));
    let end = if (end.line, end.character) < (start.line, start.character) {
        start
    } else {
        end
    };
    lsp::Range::new(to_lsp_position(start), to_lsp_position(end))
}

/// The outcome's diagnostics, with the traceback frames in the document as related places.
pub fn diagnostics(
    document: &Document,
    uri: &lsp::Uri,
    outcome: &RunOutcome,
) -> Vec<lsp::Diagnostic> {
    outcome
        .diagnostics
        .iter()
        .map(|d| diagnostic(document, uri, d))
        .collect()
}

fn diagnostic(document: &Document, uri: &lsp::Uri, d: &Diagnostic) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter(|f| f.in_snippet && f.span.line > 0)
        .map(|f| lsp::DiagnosticRelatedInformation {
            location: lsp::Location::new(uri.clone(), span(document, &f.span)),
            message: if f.function.is_empty() {
                "called from here".into()
            } else {
                format!("in {}", f.function)
            },
        })
        .collect();
    lsp::Diagnostic {
        range: span(document, &d.span),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        source: Some("codemode".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}
