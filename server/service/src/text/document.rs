//! One open document: its text, its version, and incremental changes to it.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use ropey::Rope;

use super::edit::{ByteEdit, TextEdit, to_positions_in};
use super::encoding::PositionEncoding;
use super::lines::{Lines, unicode_only_breaks};
use super::position::{
    Position, PositionError, TextRange, byte_range_in, from_line_column_in, offset_in, position_in,
};

/// One change from the editor: replace `range` by `text`, or the whole document when `range`
/// is `None` (LSP `TextDocumentContentChangeEvent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub range: Option<TextRange>,
    pub text: String,
}

impl TextChange {
    /// Replaces the whole document.
    pub fn full(text: impl Into<String>) -> Self {
        Self {
            range: None,
            text: text.into(),
        }
    }

    /// Replaces `range` (in the document's position encoding).
    pub fn replace(range: TextRange, text: impl Into<String>) -> Self {
        Self {
            range: Some(range),
            text: text.into(),
        }
    }
}

/// Why a document operation was refused. Nothing is ever half-applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("{0} is not open")]
    NotOpen(String),
    #[error("{0} is already open")]
    AlreadyOpen(String),
    #[error(
        "refused a stale change to {uri}: version {received} is not newer than the current \
         version {current}; nothing was applied"
    )]
    StaleVersion {
        uri: String,
        current: i32,
        received: i32,
    },
    #[error("refused change #{index} (0-based) to {uri}, nothing was applied: {source}")]
    InvalidChange {
        uri: String,
        index: usize,
        #[source]
        source: PositionError,
    },
}

/// An open document. Its fields are private so that its invariants hold: the version only
/// goes up, and the shared text always matches the rope.
#[derive(Debug, Clone)]
pub struct Document {
    uri: Arc<str>,
    language_id: Arc<str>,
    version: i32,
    encoding: PositionEncoding,
    content: Content,
    /// The whole text for snapshots, built on first use after each change.
    shared: OnceLock<Arc<str>>,
}

/// An immutable copy of a document at one version: cheap to clone and to send to a run task,
/// which publishes its results only if `version` is still current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSnapshot {
    pub uri: Arc<str>,
    pub language_id: Arc<str>,
    pub version: i32,
    pub text: Arc<str>,
}

impl Document {
    /// A document whose positions are in `encoding`.
    pub fn new(
        uri: &str,
        language_id: &str,
        version: i32,
        text: &str,
        encoding: PositionEncoding,
    ) -> Self {
        Self {
            uri: uri.into(),
            language_id: language_id.into(),
            version,
            encoding,
            content: Content::new(text),
            shared: OnceLock::new(),
        }
    }

    pub fn uri(&self) -> &str {
        &self.uri
    }

    pub fn language_id(&self) -> &str {
        &self.language_id
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn encoding(&self) -> PositionEncoding {
        self.encoding
    }

    pub fn rope(&self) -> &Rope {
        &self.content.rope
    }

    /// The whole text; shared (not copied again) until the next change.
    pub fn text(&self) -> Arc<str> {
        Arc::clone(
            self.shared
                .get_or_init(|| self.content.rope.to_string().into()),
        )
    }

    pub fn snapshot(&self) -> DocumentSnapshot {
        DocumentSnapshot {
            uri: Arc::clone(&self.uri),
            language_id: Arc::clone(&self.language_id),
            version: self.version,
            text: self.text(),
        }
    }

    /// Applies `changes` in order, each against the text left by the previous one (LSP
    /// incremental sync), and moves to `version`. All or nothing: a `version` not newer than
    /// the current one, or any invalid range, leaves the document untouched.
    ///
    /// Cost: O(log n) per ranged change plus the changed text (the one exception: a text
    /// holding U+2028 and the like when ropey is built with `unicode_lines`, see `lines`). The
    /// batch works on a clone of the rope, which is O(1): ropey shares nodes copy-on-write.
    pub fn apply_change(
        &mut self,
        version: i32,
        changes: &[TextChange],
    ) -> Result<(), DocumentError> {
        if version <= self.version {
            return Err(DocumentError::StaleVersion {
                uri: self.uri.to_string(),
                current: self.version,
                received: version,
            });
        }
        let mut content = self.content.clone();
        for (index, change) in changes.iter().enumerate() {
            content.apply(change, self.encoding).map_err(|source| {
                DocumentError::InvalidChange {
                    uri: self.uri.to_string(),
                    index,
                    source,
                }
            })?;
        }
        self.content = content;
        self.version = version;
        self.shared = OnceLock::new();
        Ok(())
    }

    // Positions in this document, in its encoding: like the functions of `position` and
    // `edit`, but O(log n) in any build of ropey (see `lines`).

    pub fn offset(&self, pos: Position) -> Result<usize, PositionError> {
        offset_in(self.content.lines(), pos, self.encoding)
    }

    pub fn byte_range(&self, range: TextRange) -> Result<Range<usize>, PositionError> {
        byte_range_in(self.content.lines(), range, self.encoding)
    }

    pub fn position(&self, byte_offset: usize) -> Position {
        position_in(self.content.lines(), byte_offset, self.encoding)
    }

    /// See [`from_line_column`](super::from_line_column).
    pub fn from_line_column(&self, line1: u32, col1: u32) -> Position {
        from_line_column_in(self.content.lines(), line1, col1, self.encoding)
    }

    /// `edits` (against this document's current text) in positions.
    pub fn to_positions(&self, edits: &[ByteEdit]) -> Vec<TextEdit> {
        to_positions_in(edits, self.content.lines(), self.encoding)
    }
}

/// The text, and how many of its characters ropey might wrongly count as line breaks.
#[derive(Debug, Clone)]
struct Content {
    rope: Rope,
    unicode_only_breaks: usize,
}

impl Content {
    fn new(text: &str) -> Self {
        Self {
            rope: Rope::from_str(text),
            unicode_only_breaks: unicode_only_breaks(text.chars()),
        }
    }

    fn lines(&self) -> Lines<'_> {
        Lines::counted(&self.rope, self.unicode_only_breaks)
    }

    fn apply(&mut self, change: &TextChange, enc: PositionEncoding) -> Result<(), PositionError> {
        let Some(range) = change.range else {
            *self = Self::new(&change.text);
            return Ok(());
        };
        let bytes = byte_range_in(self.lines(), range, enc)?;
        let removed = unicode_only_breaks(self.rope.byte_slice(bytes.clone()).chars());
        self.unicode_only_breaks =
            self.unicode_only_breaks - removed + unicode_only_breaks(change.text.chars());
        let start = self.rope.byte_to_char(bytes.start);
        self.rope.remove(start..self.rope.byte_to_char(bytes.end));
        self.rope.insert(start, &change.text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PositionEncoding::{Utf8, Utf16};
    use super::*;

    fn at(line: u32, character: u32) -> TextRange {
        span(line, character, line, character)
    }

    fn span(line: u32, character: u32, end_line: u32, end_character: u32) -> TextRange {
        TextRange::new(
            Position::new(line, character),
            Position::new(end_line, end_character),
        )
    }

    /// Applies each batch with the next version and checks the text after it.
    /// Batches of changes, each with the text expected after it.
    type Steps<'a> = &'a [(&'a [TextChange], &'a str)];

    fn check_sequence(name: &str, initial: &str, enc: PositionEncoding, steps: Steps) {
        let mut doc = Document::new("file:///a.py", "python", 1, initial, enc);
        for (step, (changes, expected)) in steps.iter().enumerate() {
            let version = step as i32 + 2;
            doc.apply_change(version, changes)
                .unwrap_or_else(|e| panic!("{name}, step {step}: {e}"));
            assert_eq!(doc.text().as_ref(), *expected, "{name}, after step {step}");
            assert_eq!(doc.version(), version);
        }
    }

    #[test]
    fn typing_character_by_character() {
        let mut doc = Document::new("file:///a.py", "python", 1, "", Utf16);
        for (i, typed) in "def f(): ×".chars().enumerate() {
            let change = TextChange::replace(at(0, i as u32), typed.to_string());
            doc.apply_change(i as i32 + 2, &[change]).unwrap();
        }
        assert_eq!((doc.text().as_ref(), doc.version()), ("def f(): ×", 11));
    }

    #[test]
    fn realistic_editor_sequences() {
        let cases: &[(&str, &str, PositionEncoding, Steps)] = &[
            (
                "Enter, then indentation, then a word",
                "if x:\n",
                Utf16,
                &[
                    (&[TextChange::replace(at(0, 5), "\n")], "if x:\n\n"),
                    (&[TextChange::replace(at(1, 0), "    ")], "if x:\n    \n"),
                    (
                        &[TextChange::replace(at(1, 4), "pass")],
                        "if x:\n    pass\n",
                    ),
                ],
            ),
            (
                "deleting across lines",
                "line one\nline two\nline three",
                Utf16,
                &[(&[TextChange::replace(span(0, 4, 2, 4), "")], "line three")],
            ),
            (
                "backspace joins a \\r\\n line",
                "ab\r\ncd",
                Utf16,
                &[(&[TextChange::replace(span(0, 2, 1, 0), "")], "abcd")],
            ),
            (
                "pasting multi-line text with an emoji, then typing after it (UTF-16)",
                "x = 1\ny = 2\n",
                Utf16,
                &[
                    (
                        &[TextChange::replace(at(1, 0), "if x:\n    print('😀')\n")],
                        "x = 1\nif x:\n    print('😀')\ny = 2\n",
                    ),
                    // After the emoji: 'print(' is 4+6 units, the emoji 2, the quote 1.
                    (
                        &[TextChange::replace(at(2, 14), ", 1")],
                        "x = 1\nif x:\n    print('😀', 1)\ny = 2\n",
                    ),
                ],
            ),
            (
                "the same edit after an emoji in UTF-8 units",
                "'😀'",
                Utf8,
                &[(&[TextChange::replace(at(0, 6), "!")], "'😀'!")],
            ),
            (
                "a batch: each range is read against the text left by the previous change",
                "xyz",
                Utf16,
                &[(
                    &[
                        TextChange::replace(at(0, 0), "A"),
                        TextChange::replace(at(0, 1), "B"),
                        TextChange::replace(span(0, 4, 0, 5), "Z"),
                    ],
                    "ABxyZ",
                )],
            ),
            (
                "full replace, then an incremental change in the same batch",
                "old",
                Utf16,
                &[(
                    &[
                        TextChange::full("new\ntext"),
                        TextChange::replace(span(1, 0, 1, 4), "body"),
                    ],
                    "new\nbody",
                )],
            ),
            (
                "ranges past the end clamp (as LSP says)",
                "ab\ncd",
                Utf16,
                &[(&[TextChange::replace(span(0, 99, 9, 0), "!")], "ab!")],
            ),
        ];
        for &(name, initial, enc, steps) in cases {
            check_sequence(name, initial, enc, steps);
        }
    }

    /// U+2028 and friends are not line breaks (ropey may count them: the document tracks them).
    #[test]
    fn unicode_line_separators_do_not_end_lines() {
        let steps: Steps = &[
            (
                &[TextChange::replace(at(0, 6), "\u{2028}")],
                "s = 'a\u{2028}b'\nx = 1\n",
            ),
            (
                &[TextChange::replace(at(1, 0), "#")],
                "s = 'a\u{2028}b'\n#x = 1\n",
            ),
            (
                &[TextChange::replace(span(0, 6, 0, 7), "\u{85}\u{b}")],
                "s = 'a\u{85}\u{b}b'\n#x = 1\n",
            ),
            (
                &[TextChange::replace(at(1, 1), " ")],
                "s = 'a\u{85}\u{b}b'\n# x = 1\n",
            ),
            (
                &[TextChange::replace(span(0, 6, 0, 8), "")],
                "s = 'ab'\n# x = 1\n",
            ),
            (
                &[TextChange::replace(span(1, 0, 1, 2), "")],
                "s = 'ab'\nx = 1\n",
            ),
        ];
        check_sequence("line separators", "s = 'ab'\nx = 1\n", Utf16, steps);
    }

    #[test]
    fn document_positions_agree_with_the_free_functions() {
        use crate::text::{from_line_column, offset, position, to_positions};
        for text in ["a😀b\r\nc\rd\n", "s = '\u{2028}'\n😀 = 1\n"] {
            for enc in [Utf8, Utf16, PositionEncoding::Utf32] {
                let doc = Document::new("file:///a.py", "python", 1, text, enc);
                let rope = doc.rope();
                for byte in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
                    let pos = doc.position(byte);
                    assert_eq!(pos, position(rope, byte, enc), "{text:?} @{byte} {enc:?}");
                    assert_eq!(
                        doc.offset(pos),
                        offset(rope, pos, enc),
                        "{text:?} {pos} {enc:?}"
                    );
                }
                assert_eq!(
                    doc.from_line_column(2, 2),
                    from_line_column(rope, 2, 2, enc)
                );
                let edits = [
                    ByteEdit::new(1..5, "x"),
                    ByteEdit::new(text.len()..text.len(), "!"),
                ];
                assert_eq!(doc.to_positions(&edits), to_positions(&edits, rope, enc));
            }
        }
    }

    #[test]
    fn stale_versions_are_refused_and_nothing_is_applied() {
        let mut doc = Document::new("file:///a.py", "python", 5, "abc", Utf16);
        for stale in [5, 4, -1] {
            let error = doc
                .apply_change(stale, &[TextChange::full("changed")])
                .unwrap_err();
            assert_eq!(
                error,
                DocumentError::StaleVersion {
                    uri: "file:///a.py".into(),
                    current: 5,
                    received: stale
                }
            );
            assert_eq!((doc.version(), doc.text().as_ref()), (5, "abc"));
        }
        assert!(
            error_text(&mut doc, 5).contains("version 5 is not newer than the current version 5")
        );
    }

    fn error_text(doc: &mut Document, version: i32) -> String {
        doc.apply_change(version, &[]).unwrap_err().to_string()
    }

    #[test]
    fn an_invalid_range_refuses_the_whole_batch() {
        let mut doc = Document::new("file:///a.py", "python", 1, "a😀b", Utf16);
        let batch = [
            TextChange::replace(at(0, 0), "valid "),
            TextChange::replace(at(0, 8), "inside the emoji"), // 'valid a' is 7 units, then 😀
        ];
        let error = doc.apply_change(2, &batch).unwrap_err();
        assert_eq!(
            error,
            DocumentError::InvalidChange {
                uri: "file:///a.py".into(),
                index: 1,
                source: PositionError::InsideSurrogatePair(Position::new(0, 8)),
            }
        );
        assert_eq!((doc.version(), doc.text().as_ref()), (1, "a😀b"));
        // The version was not used up: a valid batch with it applies.
        doc.apply_change(2, &batch[..1]).unwrap();
        assert_eq!(doc.text().as_ref(), "valid a😀b");
    }

    #[test]
    fn snapshots_share_text_until_the_next_change() {
        let mut doc = Document::new("file:///a.js", "javascript", 1, "let a", Utf16);
        let first = doc.snapshot();
        assert!(Arc::ptr_eq(&first.text, &doc.snapshot().text));
        assert_eq!(
            (
                first.uri.as_ref(),
                first.language_id.as_ref(),
                first.version,
                first.text.as_ref()
            ),
            ("file:///a.js", "javascript", 1, "let a")
        );
        doc.apply_change(2, &[TextChange::replace(at(0, 5), " = 1")])
            .unwrap();
        let second = doc.snapshot();
        assert_eq!((second.version, second.text.as_ref()), (2, "let a = 1"));
        assert_eq!(
            first.text.as_ref(),
            "let a",
            "an old snapshot never changes"
        );
    }
}

#[cfg(test)]
mod large_document_tests {
    use std::time::{Duration, Instant};

    use super::*;

    const LINES: usize = 50_000;

    fn numbered_lines(count: usize) -> Vec<String> {
        (0..count)
            .map(|i| format!("value_{i} = compute({i}, 'abc')  # ünïcode"))
            .collect()
    }

    /// Edit `i` of a run: an insertion at the start of one line or a one-character
    /// replacement in it, each on a different line. Returns the time spent in `apply_change`.
    fn apply_single_character_edits(
        doc: &mut Document,
        lines: &mut [String],
        edits: usize,
    ) -> Duration {
        let mut spent = Duration::ZERO;
        for i in 0..edits {
            let line = i * 37 % lines.len();
            let (range, text) = if i % 2 == 0 {
                lines[line].insert(0, '#');
                (
                    TextRange::new(Position::new(line as u32, 0), Position::new(line as u32, 0)),
                    "#",
                )
            } else {
                lines[line].replace_range(5..6, "X");
                (
                    TextRange::new(Position::new(line as u32, 5), Position::new(line as u32, 6)),
                    "X",
                )
            };
            let started = Instant::now();
            doc.apply_change(i as i32 + 2, &[TextChange::replace(range, text)])
                .unwrap();
            spent += started.elapsed();
        }
        spent
    }

    #[test]
    fn a_thousand_single_character_edits_to_fifty_thousand_lines() {
        let mut lines = numbered_lines(LINES);
        let mut doc = Document::new(
            "file:///big.py",
            "python",
            1,
            &(lines.join("\n") + "\n"),
            PositionEncoding::Utf16,
        );
        apply_single_character_edits(&mut doc, &mut lines, 1000);
        assert_eq!(doc.version(), 1001);
        assert_eq!(doc.text().as_ref(), lines.join("\n") + "\n");
    }

    /// `cargo test -p codemode-service --lib -- --ignored --nocapture edit_cost`: the cost of
    /// one edit should not grow with the document (ropey: O(log n)).
    #[test]
    #[ignore = "a measurement, not a check; run by hand"]
    #[allow(clippy::print_stderr)]
    fn edit_cost_by_document_size() {
        for count in [5_000, 50_000, 500_000] {
            let mut lines = numbered_lines(count);
            let text = lines.join("\n") + "\n";
            let mut doc = Document::new(
                "file:///big.py",
                "python",
                1,
                &text,
                PositionEncoding::Utf16,
            );
            let spent = apply_single_character_edits(&mut doc, &mut lines, 1000);
            let started = Instant::now();
            let snapshot = doc.snapshot();
            let snapshot_time = started.elapsed();
            let last_line = Position::new(count as u32 - 1, 3);
            let started = Instant::now();
            let free = crate::text::offset(doc.rope(), last_line, doc.encoding());
            let free_time = started.elapsed();
            assert_eq!(free, doc.offset(last_line));
            eprintln!(
                "{count} lines ({} bytes): 1000 edits in {spent:?} ({:?} each); snapshot \
                 {snapshot_time:?}; free offset() of the last line {free_time:?}",
                snapshot.text.len(),
                spent / 1000
            );
        }
    }
}
