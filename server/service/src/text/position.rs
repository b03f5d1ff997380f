//! Positions (line and character in the negotiated encoding) and their conversion to and from
//! byte offsets, following LSP: lines end at `\n`, `\r\n` or `\r`; a character past the end
//! of its line means the line end; a line past the last line means the end of the document.

use std::fmt;
use std::ops::Range;

use ropey::Rope;

use super::encoding::PositionEncoding;
use super::lines::Lines;

/// A 0-based line and a 0-based `character` counted in the session's [`PositionEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub const fn new(line: u32, character: u32) -> Self {
        Self { line, character }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} (0-based)", self.line, self.character)
    }
}

/// A range of positions, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TextRange {
    pub start: Position,
    pub end: Position,
}

impl TextRange {
    pub const fn new(start: Position, end: Position) -> Self {
        Self { start, end }
    }
}

/// A position or range that names no place in the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PositionError {
    #[error(
        "position {0} is between the two UTF-16 code units of one character (a surrogate pair, \
         e.g. an emoji); positions must fall on character boundaries"
    )]
    InsideSurrogatePair(Position),
    #[error(
        "position {0} is inside a multi-byte UTF-8 character; positions must fall on character \
         boundaries"
    )]
    InsideCharacter(Position),
    #[error("range ends at {end}, before it starts at {start}")]
    ReversedRange { start: Position, end: Position },
}

/// The byte offset of `pos`. A `character` past the end of its line clamps to the line end
/// (before the line break); a `line` past the last line clamps to the end of the document.
pub fn offset(rope: &Rope, pos: Position, enc: PositionEncoding) -> Result<usize, PositionError> {
    offset_in(Lines::new(rope), pos, enc)
}

/// The byte range of `range`, with the clamping of [`offset`].
pub fn byte_range(
    rope: &Rope,
    range: TextRange,
    enc: PositionEncoding,
) -> Result<Range<usize>, PositionError> {
    byte_range_in(Lines::new(rope), range, enc)
}

/// The position of `byte_offset`. An offset past the end means the end of the document; one
/// inside a character means the start of that character; one between the `\r` and `\n` of a
/// line break means the end of that line.
pub fn position(rope: &Rope, byte_offset: usize, enc: PositionEncoding) -> Position {
    position_in(Lines::new(rope), byte_offset, enc)
}

/// The position of a place reported by a run: a 1-based line and a 1-based column counted in
/// Unicode code points (how guests report them). Columns past the line end clamp to the line
/// end and lines past the last line to the end of the document; 0 is read as 1.
pub fn from_line_column(rope: &Rope, line1: u32, col1: u32, enc: PositionEncoding) -> Position {
    from_line_column_in(Lines::new(rope), line1, col1, enc)
}

// The same, on lines found the fastest way the caller knows (see `lines`).

pub(crate) fn offset_in(
    lines: Lines<'_>,
    pos: Position,
    enc: PositionEncoding,
) -> Result<usize, PositionError> {
    let rope = lines.rope();
    let line = pos.line as usize;
    let Some(start) = lines.start(line) else {
        return Ok(rope.len_bytes());
    };
    let line = start..lines.end(line);
    match enc {
        PositionEncoding::Utf8 => utf8_offset(rope, line, pos),
        PositionEncoding::Utf16 => utf16_offset(rope, line, pos),
        PositionEncoding::Utf32 => Ok(utf32_offset(rope, line, pos.character as usize)),
    }
}

pub(crate) fn byte_range_in(
    lines: Lines<'_>,
    range: TextRange,
    enc: PositionEncoding,
) -> Result<Range<usize>, PositionError> {
    let start = offset_in(lines, range.start, enc)?;
    let end = offset_in(lines, range.end, enc)?;
    if start > end {
        return Err(PositionError::ReversedRange {
            start: range.start,
            end: range.end,
        });
    }
    Ok(start..end)
}

pub(crate) fn position_in(lines: Lines<'_>, byte_offset: usize, enc: PositionEncoding) -> Position {
    let rope = lines.rope();
    let byte = rope.char_to_byte(rope.byte_to_char(byte_offset.min(rope.len_bytes())));
    let line = lines.line_of(byte);
    let start = lines.start(line).unwrap_or(0);
    let byte = byte.min(lines.end(line));
    Position::new(saturate(line), saturate(units(rope, start..byte, enc)))
}

pub(crate) fn from_line_column_in(
    lines: Lines<'_>,
    line1: u32,
    col1: u32,
    enc: PositionEncoding,
) -> Position {
    let rope = lines.rope();
    let line = line1.saturating_sub(1) as usize;
    let Some(start) = lines.start(line) else {
        return position_in(lines, rope.len_bytes(), enc);
    };
    let byte = utf32_offset(
        rope,
        start..lines.end(line),
        col1.saturating_sub(1) as usize,
    );
    Position::new(saturate(line), saturate(units(rope, start..byte, enc)))
}

fn utf8_offset(rope: &Rope, line: Range<usize>, pos: Position) -> Result<usize, PositionError> {
    let byte = line
        .start
        .saturating_add(pos.character as usize)
        .min(line.end);
    if rope.char_to_byte(rope.byte_to_char(byte)) == byte {
        Ok(byte)
    } else {
        Err(PositionError::InsideCharacter(pos))
    }
}

fn utf16_offset(rope: &Rope, line: Range<usize>, pos: Position) -> Result<usize, PositionError> {
    let [start, end] =
        [line.start, line.end].map(|byte| rope.char_to_utf16_cu(rope.byte_to_char(byte)));
    let unit = start.saturating_add(pos.character as usize).min(end);
    let char = rope.utf16_cu_to_char(unit);
    if rope.char_to_utf16_cu(char) == unit {
        Ok(rope.char_to_byte(char))
    } else {
        Err(PositionError::InsideSurrogatePair(pos))
    }
}

fn utf32_offset(rope: &Rope, line: Range<usize>, column: usize) -> usize {
    let [start, end] = [line.start, line.end].map(|byte| rope.byte_to_char(byte));
    rope.char_to_byte(start.saturating_add(column).min(end))
}

/// How many units of `enc` the byte range spans (both ends on character boundaries).
fn units(rope: &Rope, range: Range<usize>, enc: PositionEncoding) -> usize {
    let chars = || [range.start, range.end].map(|byte| rope.byte_to_char(byte));
    match enc {
        PositionEncoding::Utf8 => range.end - range.start,
        PositionEncoding::Utf16 => {
            let [start, end] = chars().map(|char| rope.char_to_utf16_cu(char));
            end - start
        }
        PositionEncoding::Utf32 => {
            let [start, end] = chars();
            end - start
        }
    }
}

fn saturate(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::PositionEncoding::{Utf8, Utf16, Utf32};
    use super::*;

    /// Expected (line, character) in UTF-8, UTF-16 and UTF-32.
    type InEveryEncoding = [(u32, u32); 3];

    /// Sample texts for round trips: ASCII, emoji (surrogate pairs), combining marks, CJK,
    /// every kind of line break, and characters that end lines only outside LSP.
    const TEXTS: &[&str] = &[
        "",
        "abc",
        "ab\n",
        "a😀b\n😀😀",
        "e\u{301}x\nñ",
        "中文\n字",
        "ab\r\ncd\r\n",
        "ab\rcd\r\r",
        "a\u{2028}b\u{85}c",
    ];

    #[test]
    fn offsets_of_positions() {
        // (text, encoding, line, character, expected byte offset; None = not on a boundary)
        let cases: &[(&str, PositionEncoding, u32, u32, Option<usize>)] = &[
            ("", Utf16, 0, 0, Some(0)),
            ("", Utf8, 3, 7, Some(0)),
            ("abc", Utf8, 0, 2, Some(2)),
            // 😀 is 4 bytes, 2 UTF-16 units (a surrogate pair), 1 code point.
            ("a😀b", Utf8, 0, 1, Some(1)),
            ("a😀b", Utf8, 0, 2, None),
            ("a😀b", Utf8, 0, 5, Some(5)),
            ("a😀b", Utf16, 0, 2, None),
            ("a😀b", Utf16, 0, 3, Some(5)),
            ("a😀b", Utf16, 0, 4, Some(6)),
            ("a😀b", Utf32, 0, 2, Some(5)),
            ("a😀b", Utf32, 0, 3, Some(6)),
            // A combining mark is a character of its own: positions may separate it from its base.
            ("e\u{301}x", Utf16, 0, 1, Some(1)),
            ("e\u{301}x", Utf16, 0, 2, Some(3)),
            ("e\u{301}x", Utf8, 0, 2, None),
            ("e\u{301}x", Utf32, 0, 2, Some(3)),
            // CJK: 3 bytes, 1 UTF-16 unit each.
            ("中文\n字", Utf16, 0, 1, Some(3)),
            ("中文\n字", Utf16, 1, 1, Some(10)),
            ("中文\n字", Utf8, 1, 3, Some(10)),
            ("中文\n字", Utf8, 1, 2, None),
            // A character past the line end clamps to the end, before the line break.
            ("ab\r\ncd", Utf16, 0, 3, Some(2)),
            ("ab\r\ncd", Utf8, 0, 99, Some(2)),
            ("ab\r\ncd", Utf16, 1, 0, Some(4)),
            ("ab\r\ncd", Utf16, 1, 2, Some(6)),
            ("ab\rcd", Utf16, 0, 5, Some(2)),
            ("ab\rcd", Utf16, 1, 1, Some(4)),
            ("a😀b", Utf16, 0, 99, Some(6)),
            // A line past the last line clamps to the end of the document.
            ("ab\r\ncd", Utf16, 2, 0, Some(6)),
            ("ab\n", Utf16, 1, 0, Some(3)),
            ("ab\n", Utf16, 1, 5, Some(3)),
            ("ab\n", Utf16, 2, 0, Some(3)),
            // U+2028 and U+0085 do not end lines for LSP.
            ("a\u{2028}b\u{85}c", Utf16, 0, 4, Some(7)),
            ("a\u{2028}b\u{85}c", Utf16, 0, 5, Some(8)),
            ("a\u{2028}b\u{85}c", Utf16, 1, 0, Some(8)),
        ];
        for &(text, enc, line, character, expected) in cases {
            let pos = Position::new(line, character);
            let actual = offset(&Rope::from_str(text), pos, enc);
            let expected = expected.ok_or(match enc {
                Utf16 => PositionError::InsideSurrogatePair(pos),
                _ => PositionError::InsideCharacter(pos),
            });
            assert_eq!(actual, expected, "{text:?} {enc:?} {pos}");
        }
    }

    #[test]
    fn positions_of_offsets() {
        // (text, byte offset, expected (line, character) in UTF-8, UTF-16, UTF-32)
        let cases: &[(&str, usize, InEveryEncoding)] = &[
            ("", 0, [(0, 0); 3]),
            ("a😀b", 5, [(0, 5), (0, 3), (0, 2)]),
            ("a😀b", 3, [(0, 1); 3]), // inside the emoji: its start
            ("中文\n字", 10, [(1, 3), (1, 1), (1, 1)]),
            ("ab\r\ncd", 3, [(0, 2); 3]), // between \r and \n: the line end
            ("ab\r\ncd", 4, [(1, 0); 3]),
            ("ab\r\ncd", 6, [(1, 2); 3]),
            ("ab\r\ncd", 100, [(1, 2); 3]), // past the end: the end
            ("ab\n", 3, [(1, 0); 3]),
            ("ab\rc", 3, [(1, 0); 3]),
            ("a\u{2028}b", 5, [(0, 5), (0, 3), (0, 3)]),
        ];
        for &(text, byte, expected) in cases {
            let rope = Rope::from_str(text);
            for (enc, (line, character)) in [Utf8, Utf16, Utf32].into_iter().zip(expected) {
                let actual = position(&rope, byte, enc);
                assert_eq!(
                    actual,
                    Position::new(line, character),
                    "{text:?} @{byte} {enc:?}"
                );
            }
        }
    }

    #[test]
    fn every_character_boundary_round_trips_in_every_encoding() {
        for text in TEXTS {
            let rope = Rope::from_str(text);
            let inside_crlf =
                |b: usize| b > 0 && text[..b].ends_with('\r') && text[b..].starts_with('\n');
            for byte in (0..=text.len()).filter(|&b| text.is_char_boundary(b) && !inside_crlf(b)) {
                for enc in [Utf8, Utf16, Utf32] {
                    let pos = position(&rope, byte, enc);
                    assert_eq!(
                        offset(&rope, pos, enc),
                        Ok(byte),
                        "{text:?} @{byte} {enc:?} {pos}"
                    );
                }
            }
        }
    }

    #[test]
    fn run_line_columns_become_positions() {
        // (text, 1-based line, 1-based code-point column, expected in UTF-8, UTF-16, UTF-32)
        let cases: &[(&str, u32, u32, InEveryEncoding)] = &[
            ("a😀b\nx", 1, 3, [(0, 5), (0, 3), (0, 2)]),
            ("a😀b\nx", 1, 99, [(0, 6), (0, 4), (0, 3)]), // past the line end: the line end
            ("a😀b\nx", 2, 1, [(1, 0); 3]),
            ("a😀b\nx", 5, 1, [(1, 1); 3]), // past the last line: the end
            ("a😀b\nx", 0, 0, [(0, 0); 3]), // 0 reads as 1
            ("ab\r\ncd", 2, 2, [(1, 1); 3]),
            ("中文", 1, 2, [(0, 3), (0, 1), (0, 1)]),
            ("e\u{301}x", 1, 3, [(0, 3), (0, 2), (0, 2)]),
        ];
        for &(text, line1, col1, expected) in cases {
            let rope = Rope::from_str(text);
            for (enc, (line, character)) in [Utf8, Utf16, Utf32].into_iter().zip(expected) {
                let actual = from_line_column(&rope, line1, col1, enc);
                assert_eq!(
                    actual,
                    Position::new(line, character),
                    "{text:?} {line1}:{col1} {enc:?}"
                );
            }
        }
    }

    #[test]
    fn ranges_convert_and_reversed_ranges_are_errors() {
        let rope = Rope::from_str("ab\ncd");
        let range = |a, b, c, d| TextRange::new(Position::new(a, b), Position::new(c, d));
        assert_eq!(byte_range(&rope, range(0, 1, 1, 1), Utf16), Ok(1..4));
        assert_eq!(byte_range(&rope, range(1, 1, 1, 1), Utf16), Ok(4..4));
        assert_eq!(
            byte_range(&rope, range(1, 1, 0, 1), Utf16),
            Err(PositionError::ReversedRange {
                start: Position::new(1, 1),
                end: Position::new(0, 1)
            })
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let error = offset(&Rope::from_str("😀"), Position::new(0, 1), Utf16).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("0:1") && message.contains("surrogate pair"),
            "{message}"
        );
        let error = offset(&Rope::from_str("é"), Position::new(0, 1), Utf8).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("inside a multi-byte UTF-8 character"),
            "{error}"
        );
    }
}
