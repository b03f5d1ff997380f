//! The separate tests in a piece of test code (what Generate tests keeps or drops one by one):
//! Python's top-level `test_*` functions and test classes (`Test*`, or subclasses of a
//! `TestCase`); JavaScript/TypeScript's top-level `test(...)`, `it(...)` and `describe(...)`
//! calls, named by their first argument. Everything else (imports, helpers) is support code.

use std::ops::Range;

use tree_sitter::Node;

use crate::DocLanguage;
use crate::syntax::{Code, children};

/// One test (or test class / `describe` block) in test code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestUnit {
    /// `test_parse`, `TestStack`, `adds two numbers`, `Stack`.
    pub name: String,
    /// Bytes of the code: the whole statement, decorators included, whole lines.
    pub range: Range<usize>,
}

/// The tests of `code` in source order (none for Markdown or code that has none).
pub fn test_units(lang: DocLanguage, code: &str) -> Vec<TestUnit> {
    let Some(syntax) = lang.code() else {
        return Vec::new();
    };
    let Some(tree) = syntax.parse(code) else {
        return Vec::new();
    };
    children(tree.root_node())
        .into_iter()
        .filter_map(|node| {
            let name = match syntax {
                Code::Python => python_test(node, code),
                Code::JavaScript | Code::TypeScript => script_test(node, code),
            }?;
            Some(TestUnit {
                name,
                range: whole_lines(code, node.start_byte()..node.end_byte()),
            })
        })
        .collect()
}

fn text<'a>(node: Node, code: &'a str) -> &'a str {
    &code[node.start_byte()..node.end_byte()]
}

fn python_test(node: Node, code: &str) -> Option<String> {
    let definition = match node.kind() {
        "decorated_definition" => node.child_by_field_name("definition")?,
        _ => node,
    };
    let name = text(definition.child_by_field_name("name")?, code).to_owned();
    match definition.kind() {
        "function_definition" if name.starts_with("test") => Some(name),
        "class_definition" => {
            let bases = definition
                .child_by_field_name("superclasses")
                .map(|b| text(b, code))
                .unwrap_or_default();
            (name.starts_with("Test") || bases.contains("TestCase")).then_some(name)
        }
        _ => None,
    }
}

fn script_test(node: Node, code: &str) -> Option<String> {
    if node.kind() != "expression_statement" {
        return None;
    }
    let mut call = node.named_child(0)?;
    if call.kind() == "await_expression" {
        call = call.named_child(0)?;
    }
    if call.kind() != "call_expression" {
        return None;
    }
    let function = text(call.child_by_field_name("function")?, code);
    let base = function.split('.').next().unwrap_or_default();
    if !matches!(base, "test" | "it" | "describe" | "suite") {
        return None;
    }
    let first = call.child_by_field_name("arguments")?.named_child(0)?;
    let literal = text(first, code);
    match first.kind() {
        "string" | "template_string" => Some(literal[1..literal.len() - 1].to_owned()),
        _ => Some(literal.to_owned()),
    }
}

/// `range` extended to the start of its first line and past the end of its last.
fn whole_lines(code: &str, range: Range<usize>) -> Range<usize> {
    let start = code[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = code[range.end..]
        .find('\n')
        .map_or(code.len(), |i| range.end + i + 1);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(lang: DocLanguage, code: &str) -> Vec<String> {
        test_units(lang, code).into_iter().map(|u| u.name).collect()
    }

    #[test]
    fn python_functions_and_classes() {
        let code = "import unittest\nimport pytest\n\nHELPER = 3\n\ndef make():\n    return 1\n\ndef test_one():\n    assert make() == 1\n\n@pytest.mark.parametrize('x', [1])\ndef test_two(x):\n    assert x\n\nasync def test_three():\n    assert True\n\nclass TestThing:\n    def test_a(self):\n        pass\n\nclass Checks(unittest.TestCase):\n    def test_b(self):\n        self.assertTrue(True)\n";
        assert_eq!(
            names(DocLanguage::Python, code),
            ["test_one", "test_two", "test_three", "TestThing", "Checks"]
        );
        let units = test_units(DocLanguage::Python, code);
        assert!(code[units[1].range.clone()].starts_with("@pytest.mark"));
        assert!(code[units[1].range.clone()].ends_with("assert x\n"));
    }

    #[test]
    fn javascript_and_typescript_calls() {
        let code = "import { test, describe, it } from 'node:test';\nimport assert from 'node:assert/strict';\n\nconst helper = () => 1;\n\ntest('adds numbers', () => {\n  assert.equal(1 + 1, 2);\n});\n\ntest.skip(\"later\", () => {});\n\ndescribe(`Stack`, () => {\n  it('pushes', () => {});\n});\n\nconsole.log('not a test');\n";
        assert_eq!(
            names(DocLanguage::JavaScript, code),
            ["adds numbers", "later", "Stack"]
        );
        let ts = "import { test } from 'node:test';\ntest('typed', async (): Promise<void> => {\n  const x: number = 1;\n});\n";
        assert_eq!(names(DocLanguage::TypeScript, ts), ["typed"]);
    }
}
