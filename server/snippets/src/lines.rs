//! Lines of a document: byte offsets ↔ rows, and the code-point columns the runtimes speak.

use std::ops::{Range, RangeInclusive};

/// The lines of a text. Rows are 0-based here; the public API speaks 1-based lines.
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Byte offset where each line starts; a text ending with a newline has an empty last line.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    pub(crate) fn count(&self) -> usize {
        self.starts.len()
    }

    /// The row holding byte `offset` (the last row for offsets at or past the end).
    pub(crate) fn row_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Row `row` without its line terminator (`\n` or `\r\n`).
    pub(crate) fn text(&self, row: usize) -> &'a str {
        &self.text[self.span(row)]
    }

    pub(crate) fn slice(&self, range: Range<usize>) -> &'a str {
        &self.text[range]
    }

    /// Bytes of row `row`, without the line terminator.
    pub(crate) fn span(&self, row: usize) -> Range<usize> {
        let start = self.starts[row];
        let end = self
            .starts
            .get(row + 1)
            .map_or(self.text.len(), |next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end
    }

    /// Bytes from the start of the first row to the end of the last one (terminator excluded).
    pub(crate) fn byte_range(&self, rows: RangeInclusive<usize>) -> Range<usize> {
        self.starts[*rows.start()]..self.span(*rows.end()).end
    }

    /// The rows a byte range touches, whole: a non-empty range ending at the start of a row
    /// does not include that row.
    pub(crate) fn rows_of(&self, range: &Range<usize>) -> RangeInclusive<usize> {
        let first = self.row_of(range.start);
        let last_byte = if range.end > range.start {
            range.end - 1
        } else {
            range.end
        };
        first..=self.row_of(last_byte).max(first)
    }

    /// 1-based line and code-point column of byte `offset`.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let row = self.row_of(offset);
        let start = self.starts[row];
        let column = self.text[start..offset].chars().count() + 1;
        (to_u32(row + 1), to_u32(column))
    }
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The whitespace prefix shared by the non-blank lines (as `textwrap.dedent` finds it).
pub(crate) fn common_indent<'a>(lines: impl IntoIterator<Item = &'a str>) -> &'a str {
    let mut common: Option<&str> = None;
    for line in lines.into_iter().filter(|l| !l.trim().is_empty()) {
        let indent = &line[..line.len() - line.trim_start().len()];
        common = Some(match common {
            None => indent,
            Some(prefix) => shared_prefix(prefix, indent),
        });
    }
    common.unwrap_or("")
}

fn shared_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let len = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    &a[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_positions() {
        let lines = Lines::new("ab\r\nçd\n\nx");
        assert_eq!(lines.count(), 4);
        assert_eq!(lines.text(0), "ab");
        assert_eq!(lines.text(1), "çd");
        assert_eq!(lines.text(2), "");
        assert_eq!(lines.row_of(4), 1);
        assert_eq!(lines.position(6), (2, 2));
        assert_eq!(lines.rows_of(&(0..4)), 0..=0);
        assert_eq!(lines.rows_of(&(0..5)), 0..=1);
        assert_eq!(lines.rows_of(&(5..5)), 1..=1);
        assert_eq!(lines.byte_range(0..=0), 0..2);
        assert_eq!(lines.byte_range(1..=3), 4..10);
    }

    #[test]
    fn indentation() {
        assert_eq!(common_indent(["    a", "", "      b", "    c"]), "    ");
        assert_eq!(common_indent(["\t a", "\t\tb"]), "\t");
        assert_eq!(common_indent(["a", "  b"]), "");
        assert_eq!(common_indent(["   "]), "");
    }
}
