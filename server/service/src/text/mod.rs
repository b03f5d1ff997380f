//! Documents, positions and edits, free of any protocol.
//!
//! The LSP front converts its positions and content changes to these types at the edge; the
//! MCP front and the run loop use them directly. Text is UTF-8 in a [`ropey::Rope`].
//!
//! - [`encoding`]: [`PositionEncoding`] and [`negotiate`] (UTF-8 if offered, else UTF-16).
//! - [`position`](mod@position): [`Position`], [`TextRange`], byte offset ⇄ position, and run line/column →
//!   position, with LSP's rules (lines end at `\n`, `\r\n`, `\r`; clamping past the ends).
//! - [`document`]: [`Document`] (versioned, changed incrementally, all or nothing) and
//!   [`DocumentSnapshot`]; a document also converts positions in its own encoding, which is the
//!   fastest way (see `lines`).
//! - [`documents`]: [`Documents`], the one owner of open documents.
//! - [`edit`]: [`ByteEdit`], [`TextEdit`], [`apply_edits`], [`to_positions`];
//!   [`minimal_edits`] (lines, then characters, with `similar`).
//! - [`rebase`](mod@rebase): moving edits computed against an old version past what the user typed since.
//!
//! The service computes with [`ByteEdit`]s: byte offsets into one known text, exact in any
//! encoding and cheap to shift when rebasing. Positions ([`TextEdit`]) are made once, at the
//! end, against the text the edits apply to.

mod diff;
pub mod document;
pub mod documents;
pub mod edit;
pub mod encoding;
mod lines;
pub mod position;
pub mod rebase;
#[cfg(test)]
mod testing;

pub use diff::minimal_edits;
pub use document::{Document, DocumentError, DocumentSnapshot, TextChange};
pub use documents::Documents;
pub use edit::{ByteEdit, TextEdit, apply_edits, to_positions};
pub use encoding::{PositionEncoding, negotiate};
pub use position::{
    Position, PositionError, TextRange, byte_range, from_line_column, offset, position,
};
pub use rebase::{RebaseError, rebase};
