//! The context rule, statement by statement: does a cell below a statement see it?

use codemode_snippets::{DocLanguage, RunnableKind, Target, plan, runnables};

/// Whether the first line of `statement`, placed between `prelude` and a cell, is kept in
/// the cell's program.
fn kept(lang: DocLanguage, prelude: &str, statement: &str, marker: &str) -> bool {
    let text = format!("{prelude}{statement}\n\n{marker} %%\n1\n");
    let line = prelude.lines().count() + 1;
    let cell = runnables(lang, &text)
        .into_iter()
        .find(|r| r.kind == RunnableKind::Cell)
        .expect("the cell");
    let plan = plan(lang, &text, Target::Runnable(&cell)).expect("plan");
    !plan.code.lines().nth(line - 1).unwrap_or("").is_empty()
}

fn check(lang: DocLanguage, prelude: &str, marker: &str, cases: &[(&str, bool)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(statement, expected)| kept(lang, prelude, statement, marker) != *expected)
        .map(|(statement, expected)| format!("{statement:?} should be kept: {expected}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

const PYTHON_PRELUDE: &str = "import re\nfrom things import Thing\nfrom dataclasses import dataclass\nfrom typing import TYPE_CHECKING\n\n\nclass Local:\n    pass\n\n\ndef compute():\n    return 1\n";

#[test]
fn python() {
    check(
        DocLanguage::Python,
        PYTHON_PRELUDE,
        "#",
        &[
            ("X = 3", true),
            ("PATTERN = re.compile('a+')", true),
            ("ORIGIN = Local()", true),
            ("THING = Thing(1)", true),
            ("NAMES: list[str] = sorted({'b', 'a'})", true),
            ("handler = lambda: compute()", true),
            ("a = b = 3", true),
            ("count: int", true),
            ("type Pair = tuple[int, int]", true),
            ("@dataclass\nclass P:\n    x: int", true),
            ("if TYPE_CHECKING:\n    import os", true),
            (
                "try:\n    import tomllib\nexcept ImportError:\n    tomllib = None",
                true,
            ),
            ("'''A docstring-like string.'''", true),
            ("x = compute()", false),
            ("data = open('f').read()", false),
            ("total = len(compute())", false),
            ("print('hi')", false),
            ("Local.attr = 3", false),
            ("CACHE['k'] = 3", false),
            ("X += 1", false),
            ("for i in range(3):\n    pass", false),
            ("with open('f') as f:\n    pass", false),
            ("if compute():\n    X = 1", false),
            ("if __name__ == '__main__':\n    X = 1", false),
            ("r = await compute()", false),
            ("import os; print(1)", false),
            ("x = [1,", false),
        ],
    );
}

const SCRIPT_PRELUDE: &str = "import { format } from \"node:util\";\n\nclass Local {}\n\nfunction compute() {\n  return 1;\n}\n";

#[test]
fn javascript() {
    check(
        DocLanguage::JavaScript,
        SCRIPT_PRELUDE,
        "//",
        &[
            ("const X = 3;", true),
            ("const cache = new Map();", true),
            ("const re = /a+/g;", true),
            ("const f = () => compute();", true),
            ("export const Y = Object.freeze({ a: 1 });", true),
            ("var p = new Local();", true),
            ("const s = format('%d', 1);", true),
            ("const parsed = JSON.parse('{}');", true),
            ("let later;", true),
            ("export default function named() {}", true),
            ("'use strict';", true),
            ("let x = compute();", false),
            ("console.log(1);", false),
            ("const v = await compute();", false),
            ("let n = X++;", false),
            ("const a = (b = 3);", false),
            ("export { compute };", false),
            ("export default compute();", false),
            ("for (const a of []) {}", false),
            ("const broken = [1,", false),
        ],
    );
}

#[test]
fn typescript() {
    check(
        DocLanguage::TypeScript,
        SCRIPT_PRELUDE,
        "//",
        &[
            ("interface P { x: number }", true),
            ("type T = string;", true),
            ("enum E { A }", true),
            ("declare const g: number;", true),
            ("namespace N { export const a = 1; }", true),
            ("export abstract class Shape {}", true),
            ("const n: number = compute();", false),
        ],
    );
}

#[test]
fn javascript_imports_become_requires_so_programs_stay_scripts() {
    let text = "import d, { a, b as c } from \"node:util\";\nimport * as ns from \"node:events\";\nimport \"node:url\";\n\n// %%\n1\n";
    let cell = runnables(DocLanguage::JavaScript, text)
        .into_iter()
        .find(|r| r.kind == RunnableKind::Cell)
        .unwrap();
    let program = plan(DocLanguage::JavaScript, text, Target::Runnable(&cell)).unwrap();
    let lines: Vec<&str> = program.code.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "const d = require(\"node:util\"), { a, b: c } = require(\"node:util\");",
            "const ns = require(\"node:events\");",
            "require(\"node:url\");",
        ]
    );

    let ts =
        "import type { A } from \"./a\";\nimport { type B, c } from \"node:util\";\n\n// %%\n1\n";
    let cell = runnables(DocLanguage::TypeScript, ts)
        .into_iter()
        .find(|r| r.kind == RunnableKind::Cell)
        .unwrap();
    let program = plan(DocLanguage::TypeScript, ts, Target::Runnable(&cell)).unwrap();
    let lines: Vec<&str> = program.code.lines().take(2).collect();
    assert_eq!(
        lines,
        [
            "import type { A } from \"./a\";",
            "const { c } = require(\"node:util\");",
        ]
    );
}
