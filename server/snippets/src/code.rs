//! Code documents (Python, JavaScript, TypeScript): what is shared by the three — cells, the
//! file, selections, and turning a runnable into a program.

use std::cmp::Reverse;
use std::ops::{Range, RangeInclusive};

use crate::lines::Lines;
use crate::program::{Builder, Chunk, Statement};
use crate::syntax::{Code, cell_markers};
use crate::{
    Detail, Found, Harness, LineMap, Plan, PlanError, Runnable, RunnableKind, python, script,
};

/// The runnables of a code document, in document order, with what planning them needs.
pub(crate) fn found(code: Code, text: &str) -> Vec<Found> {
    let lines = Lines::new(text);
    let mut found = vec![Found {
        runnable: Runnable {
            kind: RunnableKind::File,
            name: "file".into(),
            range: 0..text.len(),
            language: code.language(),
        },
        detail: Detail::File,
    }];
    if let Some(tree) = code.parse(text) {
        found.extend(match code {
            Code::Python => python::runnables(&tree, text),
            Code::JavaScript | Code::TypeScript => script::runnables(code, &tree, text),
        });
        found.extend(cells(
            code,
            &cell_markers(&tree, text, code.cell_marker()),
            &lines,
        ));
    }
    found.sort_by_key(|f| (f.runnable.range.start, Reverse(f.runnable.range.end)));
    found
}

/// The top-level statements of `text`, classified by the context rule.
pub(crate) fn statements(code: Code, text: &str) -> Vec<Statement> {
    let Some(tree) = code.parse(text) else {
        return Vec::new();
    };
    match code {
        Code::Python => python::statements(&tree, text),
        Code::JavaScript | Code::TypeScript => script::statements(&tree, text),
    }
}

/// One cell per marker (except Jupytext's `# %% [markdown]`), from the marker to the row
/// before the next marker, trailing blank rows left out.
fn cells(code: Code, markers: &[(usize, String)], lines: &Lines) -> Vec<Found> {
    let ends = markers
        .iter()
        .skip(1)
        .map(|(row, _)| row - 1)
        .chain([lines.count() - 1]);
    markers
        .iter()
        .zip(ends)
        .enumerate()
        .filter(|(_, ((_, title), _))| !title.starts_with("[markdown]"))
        .map(|(index, ((start, title), end))| {
            let end = (*start..=end)
                .rev()
                .find(|&r| !lines.text(r).trim().is_empty())
                .unwrap_or(*start);
            let name = if title.is_empty() {
                format!("cell {}", index + 1)
            } else {
                title.clone()
            };
            Found {
                runnable: Runnable {
                    kind: RunnableKind::Cell,
                    name,
                    range: lines.byte_range(*start..=end),
                    language: code.language(),
                },
                detail: Detail::Rows(*start..=end),
            }
        })
        .collect()
}

pub(crate) fn plan_runnable(code: Code, text: &str, target: &Runnable) -> Result<Plan, PlanError> {
    let found = found(code, text)
        .into_iter()
        .find(|f| f.runnable == *target)
        .ok_or(PlanError::Stale)?;
    let chunk = Chunk::document(text);
    let statements = statements(code, text);
    let language = code.language();
    let range = target.range.clone();
    Ok(match found.detail {
        Detail::File => {
            let map = LineMap::identity(Lines::new(text).count());
            Plan::new(language, (text.to_owned(), map), false, range, text)
        }
        Detail::Rows(rows) => {
            let program = rows_program(&chunk, &statements, rows, false);
            Plan::new(language, program, true, range, text)
        }
        Detail::InPlace {
            rows,
            blanks,
            harness,
        } => {
            let mut builder = Builder::default();
            builder.context(&chunk, &statements, |s| {
                rows.as_ref().is_none_or(|rows| !s.overlaps(rows))
            });
            if let Some(rows) = rows {
                builder.snippet(&chunk, rows, false, &blanks);
            }
            let (generated, show_last_value) = match &harness {
                Harness::None => ("", false),
                Harness::Call(call) => (call.as_str(), true),
                Harness::Doctest(code) => (code.as_str(), false),
            };
            Plan::new(
                language,
                builder.finish(generated),
                show_last_value,
                range,
                text,
            )
        }
        Detail::Fence(_) => return Err(PlanError::Stale),
    })
}

/// A selection: its whole lines (dedented in Python) with the context above them.
pub(crate) fn plan_selection(code: Code, text: &str, selection: Range<usize>) -> Plan {
    let lines = Lines::new(text);
    let rows = lines.rows_of(&selection);
    let range = lines.byte_range(rows.clone());
    let chunk = Chunk::document(text);
    let statements = statements(code, text);
    let program = rows_program(&chunk, &statements, rows, code == Code::Python);
    Plan::new(code.language(), program, true, range, text)
}

/// Rows of `chunk` as the snippet, with the context statements above them.
pub(crate) fn rows_program(
    chunk: &Chunk,
    statements: &[Statement],
    rows: RangeInclusive<usize>,
    dedent: bool,
) -> (String, LineMap) {
    let mut builder = Builder::default();
    builder.context(chunk, statements, |s| s.is_above(*rows.start()));
    let blanks = blanks_within(statements, &rows);
    builder.snippet(chunk, rows, dedent, &blanks);
    builder.finish("")
}

/// The `export` keywords of the statements on `rows`: a cell or selection of JavaScript with
/// an `export` stays a script (so its last value can be shown).
pub(crate) fn blanks_within(
    statements: &[Statement],
    rows: &RangeInclusive<usize>,
) -> Vec<Range<usize>> {
    statements
        .iter()
        .filter(|s| s.overlaps(rows))
        .filter_map(|s| s.blank.clone())
        .collect()
}
