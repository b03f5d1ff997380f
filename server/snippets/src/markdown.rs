//! Markdown: fenced code blocks of a runnable language, found with a CommonMark line scanner
//! (top-level fences only: not inside block quotes or list items), and run like notebook
//! cells, with the context of the earlier fences of the same language.

use std::borrow::Cow;
use std::ops::Range;

use codemode_runtimes::{Language, RuntimeConfig};

use crate::code;
use crate::lines::{Lines, to_u32};
use crate::program::{Builder, Chunk};
use crate::syntax::Code;
use crate::{Detail, Found, Plan, PlanError, Runnable, RunnableKind};

/// A fenced code block.
struct Fence {
    /// Row of the opening fence line.
    open: usize,
    /// Rows of the content (empty for an empty block). An unclosed fence runs to the end.
    content: Range<usize>,
    /// Row of the closing fence line, if any.
    close: Option<usize>,
    /// Spaces before the opening fence: up to this many are removed from each content line.
    indent: usize,
    /// The info string's first word (`python` in ```` ```python title="x" ````, `{python}`).
    word: String,
    /// `None` when the word names no runnable language.
    code: Option<Code>,
}

/// An opening fence line: its indentation, fence character and length, and info string.
fn opening(line: &str) -> Option<(usize, char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let fence = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = rest.len() - rest.trim_start_matches(fence).len();
    let info = rest[length..].trim();
    let valid = indent <= 3 && length >= 3 && !(fence == '`' && info.contains('`'));
    valid.then_some((indent, fence, length, info))
}

/// A closing fence for a fence of `fence` characters, `length` long.
fn closes(line: &str, fence: char, length: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let run = rest.len() - rest.trim_start_matches(fence).len();
    indent <= 3 && run >= length && rest[run..].trim_matches([' ', '\t']).is_empty()
}

/// `python` from `python title="x"`, `{python}`, `{.python .numberLines}`, `{r, echo=FALSE}`.
fn info_word(info: &str) -> &str {
    let first = info.split_whitespace().next().unwrap_or("");
    let first = first.trim_start_matches(['{', '.']);
    first.split([',', '{', '}']).next().unwrap_or("")
}

fn fences(lines: &Lines) -> Vec<Fence> {
    let mut fences = Vec::new();
    let mut row = 0;
    while row < lines.count() {
        let Some((indent, fence, length, info)) = opening(lines.text(row)) else {
            row += 1;
            continue;
        };
        let close = (row + 1..lines.count()).find(|&r| closes(lines.text(r), fence, length));
        let word = info_word(info);
        let code = Language::from_id(word, &RuntimeConfig::default())
            .as_ref()
            .and_then(Code::from_language);
        fences.push(Fence {
            open: row,
            content: row + 1..close.unwrap_or(lines.count()),
            close,
            indent,
            word: word.to_owned(),
            code,
        });
        row = close.map_or(lines.count(), |c| c + 1);
    }
    fences
}

impl Fence {
    fn range(&self, lines: &Lines) -> Range<usize> {
        let last = self.close.unwrap_or(lines.count() - 1).max(self.open);
        lines.byte_range(self.open..=last)
    }

    /// The content, each line without the fence's indentation.
    fn chunk(&self, lines: &Lines) -> Chunk<'static> {
        let mut text = String::new();
        let mut shifts = Vec::new();
        for row in self.content.clone() {
            let line = lines.text(row);
            let strip = (line.len() - line.trim_start_matches(' ').len()).min(self.indent);
            text.push_str(&line[strip..]);
            text.push('\n');
            shifts.push(to_u32(strip));
        }
        Chunk {
            text: Cow::Owned(text),
            first_row: self.content.start,
            shifts,
        }
    }
}

/// The fences of runnable languages.
pub(crate) fn found(text: &str) -> Vec<Found> {
    let lines = Lines::new(text);
    fences(&lines)
        .iter()
        .enumerate()
        .filter_map(|(index, fence)| {
            Some(Found {
                runnable: Runnable {
                    kind: RunnableKind::Fence,
                    name: fence.word.clone(),
                    range: fence.range(&lines),
                    language: fence.code?.language(),
                },
                detail: Detail::Fence(index),
            })
        })
        .collect()
}

pub(crate) fn plan_runnable(text: &str, target: &Runnable) -> Result<Plan, PlanError> {
    let Some(Detail::Fence(index)) = found(text)
        .into_iter()
        .find(|f| f.runnable == *target)
        .map(|f| f.detail)
    else {
        return Err(PlanError::Stale);
    };
    let lines = Lines::new(text);
    let fences = fences(&lines);
    let fence = &fences[index];
    let code = fence.code.ok_or(PlanError::Stale)?;
    let mut builder = earlier_context(&lines, &fences, index, code);
    if !fence.content.is_empty() {
        let chunk = fence.chunk(&lines);
        let rows = 0..=fence.content.len() - 1;
        let blanks = code::blanks_within(&code::statements(code, &chunk.text), &rows);
        builder.snippet(&chunk, rows, false, &blanks);
    }
    let program = builder.finish("");
    Ok(Plan::new(
        code.language(),
        program,
        true,
        target.range.clone(),
        text,
    ))
}

/// A selection inside one fence: its lines with the context of the earlier fences and of the
/// fence's own lines above it.
pub(crate) fn plan_selection(text: &str, selection: Range<usize>) -> Result<Plan, PlanError> {
    let lines = Lines::new(text);
    let rows = lines.rows_of(&selection);
    let fences = fences(&lines);
    let mut touched = fences.iter().enumerate().filter(|(_, f)| {
        f.code.is_some() && f.content.start <= *rows.end() && *rows.start() < f.content.end
    });
    let (index, fence) = match (touched.next(), touched.next()) {
        (Some(only), None) => only,
        (Some(_), Some(_)) => {
            return Err(PlanError::NotRunnable(
                "the selection spans several code fences".into(),
            ));
        }
        (None, _) => {
            return Err(PlanError::NotRunnable(
                "the selection is not inside a code fence of a runnable language".into(),
            ));
        }
    };
    let code = fence.code.ok_or(PlanError::Stale)?;
    if fence.content.is_empty() {
        return Err(PlanError::NotRunnable("the code fence is empty".into()));
    }
    let first = (*rows.start()).max(fence.content.start);
    let last = (*rows.end()).min(fence.content.end - 1);
    let chunk = fence.chunk(&lines);
    let statements = code::statements(code, &chunk.text);
    let own_rows = first - fence.content.start..=last - fence.content.start;
    let mut builder = earlier_context(&lines, &fences, index, code);
    builder.context(&chunk, &statements, |s| s.is_above(*own_rows.start()));
    let blanks = code::blanks_within(&statements, &own_rows);
    builder.snippet(&chunk, own_rows, code == Code::Python, &blanks);
    let range = lines.byte_range(first..=last);
    Ok(Plan::new(
        code.language(),
        builder.finish(""),
        true,
        range,
        text,
    ))
}

/// A builder holding the context statements of the fences before `index` in language `code`.
fn earlier_context(lines: &Lines, fences: &[Fence], index: usize, code: Code) -> Builder {
    let mut builder = Builder::default();
    for fence in fences[..index].iter().filter(|f| f.code == Some(code)) {
        let chunk = fence.chunk(lines);
        let statements = code::statements(code, &chunk.text);
        builder.context(&chunk, &statements, |_| true);
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_lines() {
        assert_eq!(opening("```python"), Some((0, '`', 3, "python")));
        assert_eq!(opening("   ~~~~ js  x"), Some((3, '~', 4, "js  x")));
        assert_eq!(opening("    ```python"), None);
        assert_eq!(opening("``"), None);
        assert_eq!(opening("``` a`b"), None);
        assert_eq!(opening("~~~ a`b"), Some((0, '~', 3, "a`b")));
        assert!(closes("```", '`', 3));
        assert!(closes("  `````  ", '`', 3));
        assert!(!closes("``", '`', 3));
        assert!(!closes("~~~", '`', 3));
        assert!(!closes("``` x", '`', 3));
        assert_eq!(info_word("{python}"), "python");
        assert_eq!(info_word("{.python .numberLines}"), "python");
        assert_eq!(info_word("{r, echo=FALSE}"), "r");
        assert_eq!(info_word("ts title=\"a\""), "ts");
        assert_eq!(info_word(""), "");
    }
}
