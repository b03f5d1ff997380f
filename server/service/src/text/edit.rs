//! Edits: [`ByteEdit`] (byte offsets, what the service computes with) and [`TextEdit`]
//! (positions, what the LSP edge sends).

use std::ops::Range;

use ropey::Rope;

use super::encoding::PositionEncoding;
use super::lines::Lines;
use super::position::{TextRange, position_in};

/// Replace the bytes `range` of a known text by `new_text`. Offsets fall on character
/// boundaries. A list of edits is sorted by `range.start` and its ranges do not overlap; all
/// are read against the same original text, as in an LSP `TextEdit[]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ByteEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

impl ByteEdit {
    pub fn new(range: Range<usize>, new_text: impl Into<String>) -> Self {
        Self {
            range,
            new_text: new_text.into(),
        }
    }

    /// How much longer (positive) or shorter the text is after this edit.
    pub fn len_change(&self) -> isize {
        self.new_text.len() as isize - self.range.len() as isize
    }
}

/// A [`ByteEdit`] in positions of one encoding, for a client.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// The text after `edits` (sorted, non-overlapping, on character boundaries).
///
/// # Panics
/// If the edits are not sorted and disjoint, or fall outside `text` or inside a character:
/// such edits are a bug in their producer.
pub fn apply_edits(text: &str, edits: &[ByteEdit]) -> String {
    let grown: usize = edits.iter().map(|edit| edit.new_text.len()).sum();
    let mut out = String::with_capacity(text.len() + grown);
    let mut copied = 0;
    for edit in edits {
        assert!(
            copied <= edit.range.start && edit.range.start <= edit.range.end,
            "edits must be sorted and must not overlap: {:?} after offset {copied}",
            edit.range
        );
        out.push_str(&text[copied..edit.range.start]);
        out.push_str(&edit.new_text);
        copied = edit.range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The edits in positions of `enc`, for the text in `rope` (the text the edits were computed
/// against).
pub fn to_positions(edits: &[ByteEdit], rope: &Rope, enc: PositionEncoding) -> Vec<TextEdit> {
    to_positions_in(edits, Lines::new(rope), enc)
}

pub(crate) fn to_positions_in(
    edits: &[ByteEdit],
    lines: Lines<'_>,
    enc: PositionEncoding,
) -> Vec<TextEdit> {
    let at = |offset| position_in(lines, offset, enc);
    edits
        .iter()
        .map(|edit| TextEdit {
            range: TextRange::new(at(edit.range.start), at(edit.range.end)),
            new_text: edit.new_text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Position;

    /// Expected edits: (byte range, new text).
    type Edits = &'static [(Range<usize>, &'static str)];

    #[test]
    fn applies_sorted_edits_against_the_original_text() {
        let cases: &[(&str, Edits, &str)] = &[
            ("", &[], ""),
            ("abc", &[], "abc"),
            ("abc", &[(0..0, ">")], ">abc"),
            ("abc", &[(3..3, "<")], "abc<"),
            ("abc", &[(0..1, "A"), (2..3, "C")], "AbC"),
            ("abc", &[(1..1, "x"), (1..2, "B")], "axBc"),
            ("a😀b", &[(1..5, "🙂🙂")], "a🙂🙂b"),
            ("line\r\n", &[(4..6, "\n")], "line\n"),
        ];
        for &(text, edits, expected) in cases {
            let edits: Vec<ByteEdit> = edits
                .iter()
                .map(|(r, t)| ByteEdit::new(r.clone(), *t))
                .collect();
            assert_eq!(apply_edits(text, &edits), expected, "{text:?} {edits:?}");
        }
    }

    #[test]
    #[should_panic(expected = "must not overlap")]
    fn overlapping_edits_are_a_bug() {
        apply_edits(
            "abcdef",
            &[ByteEdit::new(0..3, ""), ByteEdit::new(2..4, "")],
        );
    }

    #[test]
    fn edits_become_positions_in_every_encoding() {
        let rope = Rope::from_str("a😀b\r\nc");
        let edits = [ByteEdit::new(5..6, "B"), ByteEdit::new(8..9, "C")];
        let expected = |b: u32| {
            vec![
                TextEdit {
                    range: TextRange::new(Position::new(0, b), Position::new(0, b + 1)),
                    new_text: "B".into(),
                },
                TextEdit {
                    range: TextRange::new(Position::new(1, 0), Position::new(1, 1)),
                    new_text: "C".into(),
                },
            ]
        };
        assert_eq!(
            to_positions(&edits, &rope, PositionEncoding::Utf8),
            expected(5)
        );
        assert_eq!(
            to_positions(&edits, &rope, PositionEncoding::Utf16),
            expected(3)
        );
        assert_eq!(
            to_positions(&edits, &rope, PositionEncoding::Utf32),
            expected(2)
        );
    }

    #[test]
    fn len_change_counts_bytes() {
        assert_eq!(ByteEdit::new(0..4, "é").len_change(), -2);
        assert_eq!(ByteEdit::new(3..3, "😀").len_change(), 4);
    }
}
