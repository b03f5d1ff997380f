//! End to end: plans run through the real sandboxed runtimes, outcomes mapped back to the
//! document with the plan's line map.

use std::path::PathBuf;
use std::sync::LazyLock;

use codemode_runtimes::{CodeCache, RunOutcome, RuntimeConfig, Runtimes, Sandbox, Status};
use codemode_snippets::{DocLanguage, Runnable, RunnableKind, Target, plan, runnables};

/// One runtime per test process; compiled code shared by all tests of the workspace.
static RUNTIMES: LazyLock<Runtimes> = LazyLock::new(|| {
    let cache = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/test-cache");
    let sandbox = Sandbox::new(CodeCache::new(Some(cache))).expect("sandbox");
    Runtimes::new(sandbox, RuntimeConfig::default())
});

async fn run(lang: DocLanguage, text: &str, target: Target<'_>) -> RunOutcome {
    let plan = plan(lang, text, target).expect("plan");
    let outcome = RUNTIMES
        .run(plan.request("doc"))
        .await
        .expect("runtime available");
    plan.map_outcome(outcome)
}

fn find(lang: DocLanguage, text: &str, kind: RunnableKind, name: &str) -> Runnable {
    runnables(lang, text)
        .into_iter()
        .find(|r| r.kind == kind && r.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} {name}"))
}

/// Byte range of 1-based lines `first..=last`.
fn lines(text: &str, first: usize, last: usize) -> std::ops::Range<usize> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    starts[first - 1]..starts[last] - 1
}

/// (line, column) of the outcome's first diagnostic.
fn at(outcome: &RunOutcome) -> (u32, u32) {
    let span = outcome.diagnostics.first().expect("a diagnostic").span;
    (span.line, span.column)
}

const FIZZBUZZ: &str = r#"import math


def fizzbuzz(n):
    """Say it.

    >>> fizzbuzz(3)
    'Fizz'
    >>> fizzbuzz(15)
    'FizzBuzz'
    >>> fizzbuzz(0.5)
    '0.5'
    """
    if n % 3 == 0:
        return "Fizz"
    return str(n)
"#;

#[tokio::test]
async fn failing_doctest_is_reported_at_its_example() {
    let doctest = find(
        DocLanguage::Python,
        FIZZBUZZ,
        RunnableKind::Doctest,
        "fizzbuzz",
    );
    let outcome = run(DocLanguage::Python, FIZZBUZZ, Target::Runnable(&doctest)).await;
    assert_eq!(outcome.status, Status::Error, "{outcome:#?}");
    let error = outcome.error.as_ref().unwrap();
    assert_eq!(error.kind, "DoctestFailure");
    assert_eq!(error.message, "expected 'FizzBuzz', got 'Fizz'");
    // `fizzbuzz(15)` is on document line 9, after `    >>> `.
    assert_eq!(at(&outcome), (9, 9));
    assert_eq!(outcome.diagnostics[0].span.end_column, 21);
    assert!(outcome.diagnostics[0].related.is_empty(), "{outcome:#?}");
    assert_eq!(outcome.stdout, "1 failed, 2 passed\n");
}

#[tokio::test]
async fn function_with_parameters_runs_its_doctests() {
    let fixed = FIZZBUZZ.replace(
        "    if n % 3 == 0:",
        "    if n % 15 == 0:\n        return \"FizzBuzz\"\n    if n % 3 == 0:",
    );
    let function = find(
        DocLanguage::Python,
        &fixed,
        RunnableKind::Function { callable: false },
        "fizzbuzz",
    );
    let outcome = run(DocLanguage::Python, &fixed, Target::Runnable(&function)).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:#?}");
    assert_eq!(outcome.stdout, "3 passed\n");
}

#[tokio::test]
async fn doctest_example_raising_points_into_the_function() {
    let text =
        "def inverse(x):\n    \"\"\"\n    >>> inverse(0)\n    1\n    \"\"\"\n    return 1 / x\n";
    let doctest = find(DocLanguage::Python, text, RunnableKind::Doctest, "inverse");
    let outcome = run(DocLanguage::Python, text, Target::Runnable(&doctest)).await;
    let error = outcome.error.as_ref().unwrap();
    assert_eq!(error.kind, "ZeroDivisionError");
    assert_eq!(at(&outcome), (6, 12));
    let related: Vec<u32> = outcome.diagnostics[0]
        .related
        .iter()
        .map(|f| f.span.line)
        .collect();
    assert_eq!(related, [3], "the example's line");
}

const CELLS: &str = r#"import math


def make():
    print("made")
    return 3


# %% one
made = make()
print("one")
made * 2

# %% two
print(math.sqrt(16.0))
made
"#;

#[tokio::test]
async fn cell_sees_imports_above_but_not_other_cells_side_effects() {
    let cell = find(DocLanguage::Python, CELLS, RunnableKind::Cell, "two");
    let outcome = run(DocLanguage::Python, CELLS, Target::Runnable(&cell)).await;
    assert_eq!(outcome.stdout, "4.0\n", "no `made`, no `one`");
    let error = outcome.error.as_ref().unwrap();
    assert_eq!(error.kind, "NameError");
    assert_eq!(at(&outcome), (16, 1));
}

#[tokio::test]
async fn cell_shows_its_last_value() {
    let cell = find(DocLanguage::Python, CELLS, RunnableKind::Cell, "one");
    let outcome = run(DocLanguage::Python, CELLS, Target::Runnable(&cell)).await;
    assert_eq!(outcome.status, Status::Ok, "{outcome:#?}");
    assert_eq!(outcome.stdout, "made\none\n");
    assert_eq!(outcome.value.as_deref(), Some("6"));
}

#[tokio::test]
async fn callable_function_returns_its_value() {
    let text = "def helper():\n    return 6\n\n\ndef answer():\n    return helper() * SEVEN\n\n\nasync def later():\n    return await_me()\n\n\ndef await_me():\n    return 'done'\n\n\nSEVEN = 7\nprint('not run')\n";
    let answer = find(
        DocLanguage::Python,
        text,
        RunnableKind::Function { callable: true },
        "answer",
    );
    let outcome = run(DocLanguage::Python, text, Target::Runnable(&answer)).await;
    assert_eq!(outcome.value.as_deref(), Some("42"), "{outcome:#?}");
    assert_eq!(outcome.stdout, "");
    let later = find(
        DocLanguage::Python,
        text,
        RunnableKind::Function { callable: true },
        "later",
    );
    let outcome = run(DocLanguage::Python, text, Target::Runnable(&later)).await;
    assert_eq!(outcome.value.as_deref(), Some("'done'"), "{outcome:#?}");
}

const BODY: &str = r#"def mean(xs):
    total = 0
    for x in xs:
        total += x
    return total / len(xs)
"#;

#[tokio::test]
async fn selection_inside_a_function_body_maps_columns() {
    let outcome = run(
        DocLanguage::Python,
        BODY,
        Target::Selection(lines(BODY, 3, 4)),
    )
    .await;
    assert_eq!(outcome.error.as_ref().unwrap().kind, "NameError");
    // `xs` in `    for x in xs:` is at column 14 of line 3.
    assert_eq!(at(&outcome), (3, 14));
    assert_eq!(outcome.diagnostics[0].span.end_column, 16);
}

#[tokio::test]
async fn selection_that_is_not_valid_code_reports_the_syntax_error_in_place() {
    let outcome = run(
        DocLanguage::Python,
        BODY,
        Target::Selection(lines(BODY, 5, 5)),
    )
    .await;
    assert_eq!(outcome.error.as_ref().unwrap().kind, "SyntaxError");
    assert_eq!(at(&outcome), (5, 5));
}

#[tokio::test]
async fn main_block_runs_with_definitions_below_but_not_side_effects() {
    let text = "def main():\n    print(greeting())\n\n\nprint('side effect')\n\n\ndef greeting():\n    return 'hi'\n\n\nif __name__ == \"__main__\":\n    main()\n    1 / 0\n";
    let main = find(
        DocLanguage::Python,
        text,
        RunnableKind::MainBlock,
        "__main__",
    );
    let outcome = run(DocLanguage::Python, text, Target::Runnable(&main)).await;
    assert_eq!(outcome.stdout, "hi\n");
    assert_eq!(at(&outcome), (14, 5));
}

#[tokio::test]
async fn javascript_cell_error_and_function_value() {
    let text = "import { format } from \"node:util\";\nconst BASE = 40;\nlet hits = track();\n\n// %% one\nexport function answer() {\n  return Number(format(\"%d\", BASE + 2));\n}\nanswer();\n\n// %% two\nhits.push(1);\n";
    let cell = find(DocLanguage::JavaScript, text, RunnableKind::Cell, "one");
    let outcome = run(DocLanguage::JavaScript, text, Target::Runnable(&cell)).await;
    assert_eq!(outcome.value.as_deref(), Some("42"), "{outcome:#?}");

    let cell = find(DocLanguage::JavaScript, text, RunnableKind::Cell, "two");
    let outcome = run(DocLanguage::JavaScript, text, Target::Runnable(&cell)).await;
    assert_eq!(
        outcome.error.as_ref().unwrap().kind,
        "ReferenceError",
        "{outcome:#?}"
    );
    assert_eq!(at(&outcome).0, 12);

    let answer = find(
        DocLanguage::JavaScript,
        text,
        RunnableKind::Function { callable: true },
        "answer",
    );
    let outcome = run(DocLanguage::JavaScript, text, Target::Runnable(&answer)).await;
    assert_eq!(outcome.value.as_deref(), Some("42"), "{outcome:#?}");
}

#[tokio::test]
async fn typescript_function_value_and_error_line() {
    let text = "interface Point {\n  x: number;\n  y: number;\n}\n\nconst ORIGIN: Point = { x: 3, y: -4 };\n\nexport async function norm(p: Point = ORIGIN): Promise<number> {\n  return Math.abs(p.x) + Math.abs(p.y);\n}\n\nfunction broken(): number {\n  const p = null as unknown as Point;\n  return p.x;\n}\n";
    let norm = find(
        DocLanguage::TypeScript,
        text,
        RunnableKind::Function { callable: true },
        "norm",
    );
    let outcome = run(DocLanguage::TypeScript, text, Target::Runnable(&norm)).await;
    assert_eq!(outcome.value.as_deref(), Some("7"), "{outcome:#?}");

    let broken = find(
        DocLanguage::TypeScript,
        text,
        RunnableKind::Function { callable: true },
        "broken",
    );
    let outcome = run(DocLanguage::TypeScript, text, Target::Runnable(&broken)).await;
    assert_eq!(
        outcome.error.as_ref().unwrap().kind,
        "TypeError",
        "{outcome:#?}"
    );
    assert_eq!(at(&outcome).0, 14);
}

#[tokio::test]
async fn markdown_fence_uses_earlier_fences_as_context() {
    let text = "# Notes\n\n```python\nimport math\nR = 2\nprint('first')\n```\n\nText.\n\n  ```py\n  area = math.pi * R**2\n  round(area, 2)\n  undefined_name\n  ```\n";
    let fences = runnables(DocLanguage::Markdown, text);
    assert_eq!(fences.len(), 2);
    let outcome = run(DocLanguage::Markdown, text, Target::Runnable(&fences[1])).await;
    assert_eq!(outcome.stdout, "", "the first fence's print is not context");
    assert_eq!(outcome.error.as_ref().unwrap().kind, "NameError");
    // `undefined_name` is on line 14, after the fence's two-space indentation.
    assert_eq!(at(&outcome), (14, 3));

    let selection = run(
        DocLanguage::Markdown,
        text,
        Target::Selection(lines(text, 12, 13)),
    )
    .await;
    assert_eq!(selection.value.as_deref(), Some("12.57"), "{selection:#?}");
}

#[tokio::test]
async fn doctest_directives_expected_exceptions_and_broken_examples() {
    let text = r#"def parse(s):
    """
    >>> parse("x")
    Traceback (most recent call last):
        ...
    ValueError: invalid literal for int() with base 10: 'x'
    >>> list(range(20))  # doctest: +ELLIPSIS
    [0, 1, ..., 19]
    >>> parse("1")  # doctest: +SKIP
    2
    >>> parse(
    """
    return int(s)
"#;
    let doctest = find(DocLanguage::Python, text, RunnableKind::Doctest, "parse");
    let outcome = run(DocLanguage::Python, text, Target::Runnable(&doctest)).await;
    assert_eq!(outcome.stdout, "1 failed, 2 passed\n", "{outcome:#?}");
    assert_eq!(outcome.error.as_ref().unwrap().kind, "SyntaxError");
    assert_eq!(at(&outcome), (11, 9));
}
