//! What can be run in a document, and how.
//!
//! Two protocol-free questions for the language server and the MCP server:
//!
//! - [`runnables`]: what can be run in this document (functions, classes, `%%` cells, Python
//!   docstring examples, the `__main__` block, the whole file, Markdown code fences), for code
//!   lenses and code actions;
//! - [`plan`]: what program runs a [`Runnable`] or a selection, with what context, and how
//!   the program's positions map back to the document ([`LineMap`]).
//!
//! Both work on the unsaved text of any document, including code that does not parse: Python,
//! JavaScript and TypeScript are read with tree-sitter (which recovers from errors), Markdown
//! with a CommonMark fence scanner.
//!
//! # The context rule
//!
//! A snippet runs with the context a user expects and nothing else: the imports and top-level
//! definitions of the document, never the side effects of other top-level code. Programs are
//! built by *masking*: the program's line `L` is the document's line `L`; context statements
//! and the snippet keep their text, every other line is blank, and generated lines (a call,
//! a doctest harness) come after the last document line. A top-level statement is context when
//! it parses without error and is
//!
//! - an import (Python `import`/`from`, JavaScript `import`);
//! - a function or class definition (decorated or not; in JavaScript also `export`ed, the
//!   `export` keyword blanked so that the program stays a script), a Python `type` alias, a
//!   TypeScript `interface`, `type`, `enum`, `namespace` or `declare`;
//! - an assignment (Python, to plain names) or a `const`/`let`/`var` declaration (JavaScript)
//!   whose value calls nothing but *value builders*: names bound by an import of the document,
//!   classes defined in the document, and a short list of side-effect-free builtins (`dict`,
//!   `range`, `sorted`, ...; `Object`, `Map`, `JSON`, ...). Calls inside `lambda`s and
//!   function expressions do not count (they do not run). So `X = 3`,
//!   `PATTERN = re.compile("a+")` and `ORIGIN = Point(0, 0)` are context; `x = compute()`
//!   (a function of the document), `data = open("f").read()` and `r = await fetch()` are not;
//! - a string expression (a docstring, `"use strict"`);
//! - in Python, an `if` or `try` statement (not the `__main__` guard) whose conditions are
//!   pure in the same sense and whose statements are all context (`if TYPE_CHECKING:`,
//!   `try: import tomllib except ImportError: ...`).
//!
//! Everything else (calls, prints, loops, `with`, the `__main__` block, augmented
//! assignments, assignments to attributes or subscripts, statements that do not parse) is
//! masked. A line shared by a context statement and a masked one is masked. Definitions are
//! kept whole, so what runs when they are defined (decorators, default values, class bodies)
//! runs.
//!
//! JavaScript programs stay scripts, because an ES module has no last value to show: a kept
//! `import` is said as a `require` of the same module on its own line (`import { a } from
//! "node:util"` → `const { a } = require("node:util");`; type-only imports are left to
//! TypeScript erasure), and `export` keywords are blanked out, in the context and in the
//! snippet.
//!
//! Which context a snippet gets depends on what it is: cells, Markdown fences and selections
//! run like notebook cells, with the context *above* them; functions, classes, doctests and
//! the `__main__` block run the way `python file.py` or `python -m doctest` would see them,
//! after the whole module is defined: with the context of the *whole* document (so `main()`
//! may call helpers defined below it). A Markdown fence's context is the earlier fences of the
//! same language.
//!
//! # Doctests
//!
//! A doctest plan is the masked document followed by a harness (`doctest.py`) that parses the
//! docstring with `doctest.DocTestParser` and compiles each example with its positions moved
//! to the example's place in the document, in a copy of the module's globals. Passing
//! examples print `N passed`. The first failure is raised from the example's own line: an
//! exception the example did not expect as itself (its frames go through the document's
//! functions), an output mismatch as `DoctestFailure: expected 'FizzBuzz', got 'Fizz'`
//! spanning the example's source; further failures are listed on stderr. Directives
//! (`+ELLIPSIS`, `+SKIP`, `+NORMALIZE_WHITESPACE`, `+IGNORE_EXCEPTION_DETAIL`, ...) apply.
//!
//! # Positions
//!
//! Run [`Plan::code`] as a file of its own and read the outcome's snippet positions through
//! [`Plan::map`] ([`Plan::map_outcome`] does it for a whole [`RunOutcome`]). Lines the plan
//! generated map to nothing; their frames are machinery, not the user's code.
//!
//! # Not handled
//!
//! Markdown fences inside block quotes or list items (only top-level fences are found); TSX
//! (TypeScript documents are parsed with the TypeScript grammar, and JSX cannot run in the
//! sandbox anyway); docstrings whose
//! line count differs from their value's (a `\` line continuation inside the literal).

mod code;
mod lines;
mod map;
mod markdown;
mod program;
mod python;
mod script;
mod syntax;
mod test_units;

use std::ops::{Range, RangeInclusive};
use std::path::Path;

use codemode_runtimes::{Language, RunOutcome, RunRequest, Span};

pub use map::{LineMap, Segment};
pub use test_units::{TestUnit, test_units};

use crate::lines::Lines;

/// The language of a whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocLanguage {
    Python,
    JavaScript,
    TypeScript,
    Markdown,
}

impl DocLanguage {
    /// From an LSP language id: `python`, `javascript`, `javascriptreact`, `typescript`,
    /// `typescriptreact`, `markdown` (and a few common aliases).
    pub fn from_language_id(id: &str) -> Option<Self> {
        Some(match id.to_ascii_lowercase().as_str() {
            "python" | "py" | "python3" => Self::Python,
            "javascript" | "javascriptreact" | "js" | "jsx" | "mjs" | "cjs" => Self::JavaScript,
            "typescript" | "typescriptreact" | "ts" | "tsx" | "mts" | "cts" => Self::TypeScript,
            "markdown" | "md" | "quarto" => Self::Markdown,
            _ => return None,
        })
    }

    /// From a file's extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        match ext {
            "pyw" => Some(Self::Python),
            "markdown" | "qmd" => Some(Self::Markdown),
            _ => Self::from_language_id(ext),
        }
    }

    fn code(self) -> Option<syntax::Code> {
        match self {
            Self::Python => Some(syntax::Code::Python),
            Self::JavaScript => Some(syntax::Code::JavaScript),
            Self::TypeScript => Some(syntax::Code::TypeScript),
            Self::Markdown => None,
        }
    }
}

/// Something in a document that can be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runnable {
    pub kind: RunnableKind,
    /// The function's or class's name, the cell's title (`cell 2` when it has none), the
    /// docstring's owner (`fizzbuzz`, `Stack.push`, `module`), the fence's language word,
    /// `__main__`, or `file`.
    pub name: String,
    /// Bytes of the document: the whole definition (decorators included), the docstring
    /// literal, the cell from its marker to its last non-blank line, the fence from its
    /// opening line to its closing line, the `if __name__ == "__main__":` block, or the file.
    pub range: Range<usize>,
    /// Never [`Language::Custom`].
    pub language: Language,
}

/// What a [`Runnable`] is, which decides how it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnableKind {
    /// A top-level function. `callable` when it has no required parameter: running it calls
    /// it (awaiting an `async` one) and shows the returned value. Otherwise running it only
    /// defines it (a definition check), or runs its docstring examples if it has some.
    Function { callable: bool },
    /// A top-level class: running it defines it (a definition check).
    Class,
    /// A `# %%` / `// %%` cell: from its marker to the next marker or the end of the file.
    Cell,
    /// A Markdown code fence of a runnable language.
    Fence,
    /// The `>>>` examples of a Python docstring (module, top-level function or class, or a
    /// method of a top-level class), run like `doctest` does.
    Doctest,
    /// Python's `if __name__ == "__main__":` block.
    MainBlock,
    /// The whole document, as it is.
    File,
}

/// What to run.
#[derive(Debug, Clone)]
pub enum Target<'a> {
    /// One of [`runnables`] of the same text.
    Runnable(&'a Runnable),
    /// Bytes of the document, extended to whole lines. In Markdown the lines must be inside
    /// one runnable fence (fence lines are dropped).
    Selection(Range<usize>),
}

/// The program that runs a snippet, and how its positions map back to the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub language: Language,
    /// The whole program. Run it as a file of its own (first line 1, first column 1) and map
    /// positions back with [`Plan::map`] (or [`Plan::map_outcome`]).
    pub code: String,
    /// Whether a trailing expression's value is the result (cells, selections, fences, the
    /// call of a callable function).
    pub show_last_value: bool,
    pub map: LineMap,
    /// The document bytes the result belongs to (the runnable's range, or the selection
    /// extended to whole lines).
    pub range: Range<usize>,
    /// Where problems with no better place go: the start of `range`.
    anchor: Span,
}

impl Plan {
    fn new(
        language: Language,
        (code, map): (String, LineMap),
        show_last_value: bool,
        range: Range<usize>,
        text: &str,
    ) -> Self {
        let (line, column) = Lines::new(text).position(range.start);
        Self {
            language,
            code,
            show_last_value,
            map,
            range,
            anchor: Span {
                line,
                column,
                end_line: line,
                end_column: column,
            },
        }
    }

    /// A request that runs the program as a file named `filename` (first line 1, default
    /// options).
    pub fn request(&self, filename: impl Into<String>) -> RunRequest {
        RunRequest {
            show_last_value: self.show_last_value,
            ..RunRequest::new(self.language.clone(), self.code.clone(), filename)
        }
    }

    /// The outcome of running [`Plan::request`], in document coordinates: the snippet's
    /// frames mapped with [`Plan::map`] (frames in generated code dropped), each diagnostic at
    /// the innermost remaining frame, or at the start of [`Plan::range`] when there is none
    /// (a timeout, an error inside generated code).
    pub fn map_outcome(&self, outcome: RunOutcome) -> RunOutcome {
        self.map.outcome(outcome, self.anchor)
    }
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the range {0:?} is not inside the document or splits a character")]
    BadRange(Range<usize>),
    #[error("this runnable is not in the document any more")]
    Stale,
    #[error("{0}")]
    NotRunnable(String),
}

/// What can be run in the document, in document order (outer before inner at the same place).
pub fn runnables(lang: DocLanguage, text: &str) -> Vec<Runnable> {
    let found = match lang.code() {
        Some(code) => code::found(code, text),
        None => markdown::found(text),
    };
    found.into_iter().map(|f| f.runnable).collect()
}

/// The innermost runnable around byte `offset` other than the whole file (for a code action
/// at the cursor): a function, class, docstring, cell, fence or `__main__` block.
pub fn runnable_at(runnables: &[Runnable], offset: usize) -> Option<&Runnable> {
    runnables
        .iter()
        .filter(|r| r.kind != RunnableKind::File)
        .filter(|r| r.range.start <= offset && offset <= r.range.end)
        .min_by_key(|r| r.range.len())
}

/// The program that runs `target` in `text`, with its context.
pub fn plan(lang: DocLanguage, text: &str, target: Target) -> Result<Plan, PlanError> {
    match target {
        Target::Runnable(runnable) => match lang.code() {
            Some(code) => code::plan_runnable(code, text, runnable),
            None => markdown::plan_runnable(text, runnable),
        },
        Target::Selection(range) => {
            if range.start > range.end
                || !text.is_char_boundary(range.start)
                || !text.is_char_boundary(range.end)
            {
                return Err(PlanError::BadRange(range));
            }
            match lang.code() {
                Some(code) => Ok(code::plan_selection(code, text, range)),
                None => markdown::plan_selection(text, range),
            }
        }
    }
}

/// A runnable with what planning it needs.
pub(crate) struct Found {
    pub runnable: Runnable,
    pub detail: Detail,
}

pub(crate) enum Detail {
    /// Run in place with the context of the whole document: a definition, the `__main__`
    /// block (`rows`), or only generated code (a doctest).
    InPlace {
        rows: Option<RangeInclusive<usize>>,
        /// Bytes of the snippet to blank out (`export`).
        blanks: Vec<Range<usize>>,
        harness: Harness,
    },
    /// Rows run with the context above them (a cell).
    Rows(RangeInclusive<usize>),
    /// The document as it is.
    File,
    /// A Markdown fence, by index among the document's fences.
    Fence(usize),
}

/// Lines a plan adds after the document's.
pub(crate) enum Harness {
    None,
    /// A call whose value is the result.
    Call(String),
    /// Code that runs docstring examples.
    Doctest(String),
}
