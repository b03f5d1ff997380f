//! Where lines start and end, with the line breaks of LSP: `\n`, `\r\n` and a lone `\r`, and
//! nothing else. U+2028, U+2029, U+0085, VT and FF are ordinary characters to LSP clients,
//! so they are to us.
//!
//! Ropey keeps a line index in its tree (O(log n) queries), but which breaks it counts is a
//! Cargo feature of ropey: `cr_lines` counts exactly LSP's; `unicode_lines` (in ropey's
//! default features, and so in any build where some crate asks for them) adds those five
//! Unicode breaks; with neither, only `\n` counts. We detect the build once. With
//! `unicode_lines`, ropey's index is still exact for a text holding none of the five, which
//! [`Document`](super::Document) tracks as it changes (O(edit)); otherwise we scan (O(text)).

use std::sync::LazyLock;

use ropey::Rope;

/// The characters that ropey's `unicode_lines` counts as line breaks but LSP does not.
const UNICODE_ONLY_BREAKS: [char; 5] = ['\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}'];

/// How many characters of `chars` ropey may count as line breaks where LSP does not.
pub(crate) fn unicode_only_breaks(chars: impl Iterator<Item = char>) -> usize {
    chars.filter(|c| UNICODE_ONLY_BREAKS.contains(c)).count()
}

/// Which line breaks this build of ropey counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RopeyLines {
    /// `\n`, `\r\n`, `\r`: exactly LSP's.
    Lsp,
    /// LSP's and [`UNICODE_ONLY_BREAKS`].
    Unicode,
    /// Some other set (`\n` only): never used.
    Other,
}

fn ropey_lines() -> RopeyLines {
    static BUILD: LazyLock<RopeyLines> = LazyLock::new(|| {
        let unicode: String = UNICODE_ONLY_BREAKS.iter().collect();
        match (
            Rope::from_str("a\nb\r\nc\rd").len_lines(),
            Rope::from_str(&unicode).len_lines(),
        ) {
            (4, 1) => RopeyLines::Lsp,
            (4, 6) => RopeyLines::Unicode,
            _ => RopeyLines::Other,
        }
    });
    *BUILD
}

/// The lines of a rope, found with ropey's index when it is exact for this rope.
#[derive(Clone, Copy)]
pub(crate) struct Lines<'a> {
    rope: &'a Rope,
    indexed: bool,
}

impl<'a> Lines<'a> {
    /// The lines of any rope: indexed if ropey counts exactly LSP's breaks, else scanned.
    pub(crate) fn new(rope: &'a Rope) -> Self {
        Self {
            rope,
            indexed: ropey_lines() == RopeyLines::Lsp,
        }
    }

    /// The lines of a rope known to hold `unicode_only_breaks` of [`UNICODE_ONLY_BREAKS`].
    pub(crate) fn counted(rope: &'a Rope, unicode_only_breaks: usize) -> Self {
        let indexed = match ropey_lines() {
            RopeyLines::Lsp => true,
            RopeyLines::Unicode => unicode_only_breaks == 0,
            RopeyLines::Other => false,
        };
        Self { rope, indexed }
    }

    pub(crate) fn rope(&self) -> &'a Rope {
        self.rope
    }

    /// The byte offset where `line` starts, or `None` past the last line.
    pub(crate) fn start(&self, line: usize) -> Option<usize> {
        if line == 0 {
            Some(0)
        } else if self.indexed {
            (line < self.rope.len_lines()).then(|| self.rope.line_to_byte(line))
        } else {
            scan::nth_break_end(self.rope, line - 1)
        }
    }

    /// The byte offset where the content of `line` ends, before its line break.
    /// `line` must exist.
    pub(crate) fn end(&self, line: usize) -> usize {
        let Some(next) = self.start(line + 1) else {
            return self.rope.len_bytes();
        };
        let byte = |i| self.rope.byte(i);
        let crlf = next >= 2 && byte(next - 1) == b'\n' && byte(next - 2) == b'\r';
        if crlf { next - 2 } else { next - 1 }
    }

    /// The line holding `byte` (`byte <= len`). An offset between the `\r` and `\n` of a
    /// `\r\n` belongs to the line that the pair ends.
    pub(crate) fn line_of(&self, byte: usize) -> usize {
        if self.indexed {
            self.rope.byte_to_line(byte)
        } else {
            scan::breaks_before(self.rope, byte)
        }
    }
}

/// Finding LSP line breaks without an index: whole chunks are counted with `str::matches`
/// (memchr), and only the chunk holding the answer is walked byte by byte. Ropey never
/// splits a `\r\n` across chunks.
mod scan {
    use ropey::Rope;

    /// The end offset of break number `n` (0-based), if there are that many.
    pub(super) fn nth_break_end(rope: &Rope, mut n: usize) -> Option<usize> {
        let mut chunk_start = 0;
        for chunk in rope.chunks() {
            let count = count_breaks(chunk);
            if n < count {
                return break_ends(chunk).nth(n).map(|end| chunk_start + end);
            }
            n -= count;
            chunk_start += chunk.len();
        }
        None
    }

    /// How many breaks end at or before `byte`.
    pub(super) fn breaks_before(rope: &Rope, byte: usize) -> usize {
        let mut count = 0;
        let mut chunk_start = 0;
        for chunk in rope.chunks() {
            if chunk_start + chunk.len() > byte {
                return count
                    + break_ends(chunk)
                        .take_while(|&end| chunk_start + end <= byte)
                        .count();
            }
            count += count_breaks(chunk);
            chunk_start += chunk.len();
        }
        count
    }

    fn count_breaks(chunk: &str) -> usize {
        let crs = chunk.matches('\r').count();
        let crlfs = if crs == 0 {
            0
        } else {
            chunk.matches("\r\n").count()
        };
        chunk.matches('\n').count() + crs - crlfs
    }

    /// The end offset of every break in `chunk`, in order.
    pub(super) fn break_ends(chunk: &str) -> impl Iterator<Item = usize> + '_ {
        let bytes = chunk.as_bytes();
        (0..bytes.len())
            .filter(move |&i| match bytes[i] {
                b'\n' => true,
                b'\r' => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            })
            .map(|i| i + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, the start of every line, the content end of every line)
    const CASES: &[(&str, &[usize], &[usize])] = &[
        ("", &[0], &[0]),
        ("abc", &[0], &[3]),
        ("a\n", &[0, 2], &[1, 2]),
        ("a\nb", &[0, 2], &[1, 3]),
        ("a\r\nb", &[0, 3], &[1, 4]),
        ("a\rb", &[0, 2], &[1, 3]),
        ("\r\n\r\n", &[0, 2, 4], &[0, 2, 4]),
        ("\n\r", &[0, 1, 2], &[0, 1, 2]),
        ("a\r\rb", &[0, 2, 3], &[1, 2, 4]),
        ("a\u{2028}b\u{2029}c\u{85}d\u{b}e\u{c}f", &[0], &[16]),
        ("\u{2028}\n\u{85}", &[0, 4], &[3, 6]),
        ("é\nπ\r\n😀", &[0, 3, 7], &[2, 5, 11]),
    ];

    /// Every way of finding lines that a build can use, on `rope`.
    fn every_way(rope: &Rope) -> [Lines<'_>; 3] {
        let counted = Lines::counted(rope, unicode_only_breaks(rope.chars()));
        [
            Lines::new(rope),
            counted,
            Lines {
                rope,
                indexed: false,
            },
        ]
    }

    #[test]
    fn lines_break_only_at_lf_crlf_and_cr() {
        for &(text, starts, ends) in CASES {
            let rope = Rope::from_str(text);
            for lines in every_way(&rope) {
                let context = format!("{text:?}, indexed: {}", lines.indexed);
                for (line, (&start, &end)) in starts.iter().zip(ends).enumerate() {
                    assert_eq!(
                        lines.start(line),
                        Some(start),
                        "start of {line} in {context}"
                    );
                    assert_eq!(lines.end(line), end, "end of {line} in {context}");
                }
                assert_eq!(lines.start(starts.len()), None, "past the end of {context}");
            }
        }
    }

    #[test]
    fn every_offset_is_on_the_line_that_contains_it() {
        for &(text, starts, _) in CASES {
            let rope = Rope::from_str(text);
            for lines in every_way(&rope) {
                for byte in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
                    let expected = starts.iter().filter(|&&start| start <= byte).count() - 1;
                    assert_eq!(lines.line_of(byte), expected, "line of {byte} in {text:?}");
                }
            }
        }
    }

    #[test]
    fn the_scan_works_across_chunks() {
        let text = "line\r\nnext\rthird\n\u{2028}".repeat(1000); // many ropey chunks
        let rope = Rope::from_str(&text);
        assert!(rope.chunks().count() > 10);
        let scanned = Lines {
            rope: &rope,
            indexed: false,
        };
        let expected: Vec<usize> = std::iter::once(0).chain(scan::break_ends(&text)).collect();
        for (line, &start) in expected.iter().enumerate().step_by(7) {
            assert_eq!(scanned.start(line), Some(start), "line {line}");
            assert_eq!(scanned.line_of(start), line, "line of {start}");
        }
        assert_eq!(scanned.start(expected.len()), None);
    }

    #[test]
    fn unicode_only_breaks_are_counted() {
        assert_eq!(
            unicode_only_breaks("a\u{2028}\n\r\u{b}\u{c}\u{85}\u{2029}é".chars()),
            5
        );
        assert_eq!(unicode_only_breaks("plain\r\ntext\n".chars()), 0);
    }
}
