//! Building a program by masking a document: kept rows keep their text and their line number,
//! every other row up to the last kept one becomes blank, and generated lines go at the end.

use std::borrow::Cow;
use std::ops::{Range, RangeInclusive};

use crate::lines::{Lines, common_indent, to_u32};
use crate::map::LineMap;

/// A piece of code the program is built from: a whole code document, or the content of a
/// Markdown fence (then row 0 is document row `first_row` and each row may already have lost
/// some indentation, `shifts`).
pub(crate) struct Chunk<'a> {
    pub text: Cow<'a, str>,
    pub first_row: usize,
    /// Code points each row lost relative to the document line; empty when none did.
    pub shifts: Vec<u32>,
}

impl<'a> Chunk<'a> {
    /// A whole code document.
    pub(crate) fn document(text: &'a str) -> Self {
        Self {
            text: Cow::Borrowed(text),
            first_row: 0,
            shifts: Vec::new(),
        }
    }

    pub(crate) fn lines(&self) -> Lines<'_> {
        Lines::new(&self.text)
    }

    fn shift(&self, row: usize) -> u32 {
        self.shifts.get(row).copied().unwrap_or(0)
    }
}

/// A top-level statement of a chunk, classified by the context rule.
#[derive(Debug, Clone)]
pub(crate) struct Statement {
    /// Chunk rows it covers.
    pub rows: RangeInclusive<usize>,
    /// True when it belongs to the context of the snippets around it (an import, a
    /// definition, a constant); false for side effects.
    pub context: bool,
    /// Chunk bytes to blank out when it is kept (the `export` keyword of a JavaScript
    /// declaration, so that a script does not turn into a module).
    pub blank: Option<Range<usize>>,
    /// The text of its (single) row when kept, if not the document's: a JavaScript `import`
    /// said as a `require` (see `script::as_require`).
    pub rewritten: Option<String>,
}

impl Statement {
    /// Ends before chunk row `row`.
    pub(crate) fn is_above(&self, row: usize) -> bool {
        *self.rows.end() < row
    }

    /// Shares a row with `rows`.
    pub(crate) fn overlaps(&self, rows: &RangeInclusive<usize>) -> bool {
        self.rows.start() <= rows.end() && rows.start() <= self.rows.end()
    }
}

/// The program's lines by document row: `None` rows are blank.
#[derive(Default)]
pub(crate) struct Builder {
    rows: Vec<Option<(String, u32)>>,
}

impl Builder {
    fn keep(&mut self, row: usize, text: String, shift: u32) {
        if self.rows.len() <= row {
            self.rows.resize(row + 1, None);
        }
        self.rows[row] = Some((text, shift));
    }

    /// Keeps the statements of `chunk` for which `keep` holds (and that are context), whole
    /// rows; a row shared with a statement that is not context stays blank.
    pub(crate) fn context(
        &mut self,
        chunk: &Chunk,
        statements: &[Statement],
        keep: impl Fn(&Statement) -> bool,
    ) {
        let lines = chunk.lines();
        let mut vetoed = vec![false; lines.count()];
        for statement in statements.iter().filter(|s| !s.context) {
            for row in statement.rows.clone() {
                vetoed[row] = true;
            }
        }
        for statement in statements.iter().filter(|s| s.context && keep(s)) {
            for row in statement.rows.clone().filter(|&r| !vetoed[r]) {
                let text = match &statement.rewritten {
                    Some(line) => line.clone(),
                    None => render(&lines, row, statement.blank.as_slice()),
                };
                self.keep(chunk.first_row + row, text, chunk.shift(row));
            }
        }
    }

    /// Keeps chunk rows `rows` as the snippet itself, dedented when `dedent` (Python code
    /// taken from inside a block), with `blanks` blanked out.
    pub(crate) fn snippet(
        &mut self,
        chunk: &Chunk,
        rows: RangeInclusive<usize>,
        dedent: bool,
        blanks: &[Range<usize>],
    ) {
        let lines = chunk.lines();
        let texts: Vec<String> = rows.clone().map(|r| render(&lines, r, blanks)).collect();
        let indent = if dedent {
            common_indent(texts.iter().map(String::as_str)).to_owned()
        } else {
            String::new()
        };
        let removed = to_u32(indent.chars().count());
        for (row, text) in rows.zip(texts) {
            let text = match text.strip_prefix(&indent) {
                Some(rest) => rest.to_owned(),
                None if text.trim().is_empty() => String::new(),
                None => text,
            };
            self.keep(chunk.first_row + row, text, chunk.shift(row) + removed);
        }
    }

    /// The program text (the kept rows, then `harness` lines) and its line map.
    pub(crate) fn finish(self, harness: &str) -> (String, LineMap) {
        let mut code = String::new();
        let mut map = LineMap::default();
        for (row, line) in self.rows.iter().enumerate() {
            let number = to_u32(row + 1);
            let (text, shift) = line
                .as_ref()
                .map_or(("", 0), |(text, shift)| (text.as_str(), *shift));
            code.push_str(text);
            code.push('\n');
            map.push(number, number, shift);
        }
        code.push_str(harness);
        (code, map)
    }
}

/// Row `row` of `lines` with the bytes of `blanks` replaced by spaces.
fn render(lines: &Lines, row: usize, blanks: &[Range<usize>]) -> String {
    let span = lines.span(row);
    let mut text = String::with_capacity(span.len());
    for (offset, ch) in lines.slice(span.clone()).char_indices() {
        let at = span.start + offset;
        let blank = blanks.iter().any(|b| b.contains(&at)) && !ch.is_whitespace();
        text.push(if blank { ' ' } else { ch });
    }
    text
}
