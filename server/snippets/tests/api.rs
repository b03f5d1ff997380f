//! The edges of the API: language ids, the runnable at a cursor, errors, line endings, maps.

use std::path::Path;

use codemode_runtimes::Language;
use codemode_snippets::{
    DocLanguage, PlanError, RunnableKind, Target, plan, runnable_at, runnables,
};

#[test]
fn language_ids_and_paths() {
    for (id, lang) in [
        ("python", DocLanguage::Python),
        ("javascript", DocLanguage::JavaScript),
        ("javascriptreact", DocLanguage::JavaScript),
        ("typescript", DocLanguage::TypeScript),
        ("typescriptreact", DocLanguage::TypeScript),
        ("markdown", DocLanguage::Markdown),
    ] {
        assert_eq!(DocLanguage::from_language_id(id), Some(lang), "{id}");
    }
    assert_eq!(DocLanguage::from_language_id("rust"), None);
    assert_eq!(
        DocLanguage::from_path(Path::new("a/b.pyw")),
        Some(DocLanguage::Python)
    );
    assert_eq!(
        DocLanguage::from_path(Path::new("README.md")),
        Some(DocLanguage::Markdown)
    );
    assert_eq!(
        DocLanguage::from_path(Path::new("x.mts")),
        Some(DocLanguage::TypeScript)
    );
    assert_eq!(DocLanguage::from_path(Path::new("Makefile")), None);
}

const TEXT: &str = "import os\n\n\ndef f(x):\n    \"\"\"\n    >>> f(1)\n    1\n    \"\"\"\n    return x\n\n\n# %% cell\nf(2)\n";

#[test]
fn runnable_at_a_cursor_is_the_innermost() {
    let all = runnables(DocLanguage::Python, TEXT);
    let at = |needle: &str| {
        let offset = TEXT.find(needle).unwrap();
        runnable_at(&all, offset).map(|r| (r.kind, r.name.as_str()))
    };
    assert_eq!(
        at("return x"),
        Some((RunnableKind::Function { callable: false }, "f"))
    );
    assert_eq!(at(">>> f(1)"), Some((RunnableKind::Doctest, "f")));
    assert_eq!(at("f(2)"), Some((RunnableKind::Cell, "cell")));
    assert_eq!(
        at("import os"),
        None,
        "the whole file is not offered at a cursor"
    );
}

#[test]
fn errors() {
    let bad = plan(DocLanguage::Python, "é = 1\n", Target::Selection(1..3));
    assert_eq!(bad, Err(PlanError::BadRange(1..3)));
    let past_end = plan(DocLanguage::Python, "x\n", Target::Selection(0..9));
    assert!(matches!(past_end, Err(PlanError::BadRange(_))));

    let mut runnable = runnables(DocLanguage::Python, TEXT).remove(1);
    runnable.range.end += 1;
    let stale = plan(DocLanguage::Python, TEXT, Target::Runnable(&runnable));
    assert_eq!(stale, Err(PlanError::Stale));

    let markdown = "```python\na = 1\n```\n\n```js\nb\n```\n";
    let across = plan(
        DocLanguage::Markdown,
        markdown,
        Target::Selection(0..markdown.len()),
    );
    assert!(
        matches!(across, Err(PlanError::NotRunnable(_))),
        "{across:?}"
    );

    // A selection over an empty fence (from its opening line) has nothing to run.
    let empty = "```python\n```\n";
    for selection in [0..empty.len(), 0..11] {
        let planned = plan(
            DocLanguage::Markdown,
            empty,
            Target::Selection(selection.clone()),
        );
        assert_eq!(
            planned,
            Err(PlanError::NotRunnable("the code fence is empty".into())),
            "{selection:?}"
        );
    }
}

#[test]
fn markdown_fences_of_other_languages_are_not_runnable() {
    let markdown = "```rust\nfn main() {}\n```\n\n```\nplain\n```\n\n```jsx\nx\n```\n";
    let found = runnables(DocLanguage::Markdown, markdown);
    let languages: Vec<&Language> = found.iter().map(|r| &r.language).collect();
    assert_eq!(languages, [&Language::JavaScript]);
}

#[test]
fn crlf_documents_plan_like_lf_ones() {
    let lf = "import math\n\ndef f():\n    return math.pi\n";
    let crlf = lf.replace('\n', "\r\n");
    let plan_of = |text: &str| {
        let start = text.find("    return").unwrap();
        plan(
            DocLanguage::Python,
            text,
            Target::Selection(start..start + 4),
        )
        .unwrap()
    };
    let (a, b) = (plan_of(lf), plan_of(&crlf));
    assert_eq!(a.code, b.code);
    assert_eq!(a.map, b.map);
    assert_eq!(&crlf[b.range.clone()], "    return math.pi");
    assert_eq!(b.map.to_document(4, 1), Some((4, 5)));
}

#[test]
fn the_file_runs_as_it_is() {
    let all = runnables(DocLanguage::Python, TEXT);
    let file = all.iter().find(|r| r.kind == RunnableKind::File).unwrap();
    let plan = plan(DocLanguage::Python, TEXT, Target::Runnable(file)).unwrap();
    assert_eq!(plan.code, TEXT);
    assert!(!plan.show_last_value);
    assert_eq!(plan.map.to_document(13, 3), Some((13, 3)));
    assert_eq!(plan.map.to_document(15, 1), None);
}

#[test]
fn empty_documents() {
    assert_eq!(runnables(DocLanguage::Markdown, ""), []);
    let all = runnables(DocLanguage::Python, "");
    assert_eq!(all.len(), 1);
    let selection = plan(DocLanguage::JavaScript, "", Target::Selection(0..0)).unwrap();
    assert_eq!(selection.code, "\n");
}
