//! Tree-sitter plumbing shared by the code languages.

use std::ops::{Range, RangeInclusive};

use codemode_runtimes::Language;
use tree_sitter::{Node, Parser, Tree};

/// A language whose documents are code (as opposed to Markdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    Python,
    JavaScript,
    TypeScript,
}

impl Code {
    pub(crate) fn language(self) -> Language {
        match self {
            Code::Python => Language::Python,
            Code::JavaScript => Language::JavaScript,
            Code::TypeScript => Language::TypeScript,
        }
    }

    pub(crate) fn from_language(language: &Language) -> Option<Self> {
        match language {
            Language::Python => Some(Code::Python),
            Language::JavaScript => Some(Code::JavaScript),
            Language::TypeScript => Some(Code::TypeScript),
            Language::Custom(_) => None,
        }
    }

    /// The line comment that starts a cell marker (`# %%`, `// %%`).
    pub(crate) fn cell_marker(self) -> &'static str {
        match self {
            Code::Python => "#",
            Code::JavaScript | Code::TypeScript => "//",
        }
    }

    /// Parses `text`, recovering from errors. Tree-sitter recovers on its own, but a broken
    /// statement (`x = f(1,`, `function half(`, an unclosed `[` in a method) can swallow the
    /// statements after it. So while [`swallowing`] finds such a statement, its broken part
    /// is blanked (bytes replaced by spaces, so positions do not move) and the text parsed
    /// again: the broken statement is lost, the ones after it come back. Read node texts from
    /// `text`, not from the tree. (`None` only if the grammar cannot be loaded.)
    pub(crate) fn parse(self, text: &str) -> Option<Tree> {
        let language: tree_sitter::Language = match self {
            Code::Python => tree_sitter_python::LANGUAGE.into(),
            Code::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Code::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        };
        let mut parser = Parser::new();
        parser.set_language(&language).ok()?;
        let mut source = text.as_bytes().to_vec();
        let mut tree = parser.parse(&source, None)?;
        for _ in 0..MAX_RECOVERIES {
            let Some(broken) = swallowing(self, &tree, &source) else {
                break;
            };
            let mut changed = false;
            for byte in &mut source[broken] {
                if !byte.is_ascii_whitespace() {
                    *byte = b' ';
                    changed = true;
                }
            }
            if !changed {
                break;
            }
            tree = parser.parse(&source, None)?;
        }
        Some(tree)
    }
}

/// How many broken statements [`Code::parse`] steps over, at most.
const MAX_RECOVERIES: usize = 64;

/// The bytes of a broken top-level statement that swallows what follows it: the rest of the
/// first row of an error node spanning several rows; in Python also, in a statement with an
/// error, the rows from the first error to a later row that starts a statement at column 0
/// (a new top-level statement: Python's are never indented).
fn swallowing(code: Code, tree: &Tree, source: &[u8]) -> Option<Range<usize>> {
    let row_starts: Vec<usize> = std::iter::once(0)
        .chain(
            source
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let root = tree.root_node();
    children(root).into_iter().find_map(|node| {
        let (first, last) = (node.start_position().row, node.end_position().row);
        if first == last || !node.has_error() {
            None
        } else if node.is_error() {
            Some(node.start_byte()..row_starts[first + 1])
        } else if code == Code::Python {
            let error = descendants(node, &|_| false)
                .into_iter()
                .find(|n| n.is_error() || n.is_missing())?;
            let next = (error.start_position().row + 1..=last)
                .map(|row| row_starts[row])
                .find(|&start| starts_statement(root, source, start))?;
            Some(error.start_byte()..next)
        } else {
            None
        }
    })
}

/// A Python row starting at byte `start` begins a statement: a name or a decorator at
/// column 0, not inside a string.
fn starts_statement(root: Node, source: &[u8], start: usize) -> bool {
    let name = source
        .get(start)
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'@'));
    name && root
        .descendant_for_byte_range(start, start)
        .is_none_or(|n| !matches!(n.kind(), "string" | "string_content"))
}

/// The rows a node covers (0-based, inclusive); a node ending at the very start of a row
/// (after a newline) does not cover that row.
pub(crate) fn rows(node: Node) -> RangeInclusive<usize> {
    let start = node.start_position();
    let end = node.end_position();
    let last = if end.column == 0 && end.row > start.row {
        end.row - 1
    } else {
        end.row
    };
    start.row..=last
}

pub(crate) fn text<'a>(node: Node, source: &'a str) -> &'a str {
    &source[node.byte_range()]
}

/// Named children, comments left out.
pub(crate) fn children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// Every node under `node` (itself included) in document order, not descending into nodes
/// for which `prune` is true.
pub(crate) fn descendants<'t>(node: Node<'t>, prune: &dyn Fn(Node) -> bool) -> Vec<Node<'t>> {
    let mut found = Vec::new();
    let mut pending = vec![node];
    while let Some(next) = pending.pop() {
        found.push(next);
        if prune(next) {
            continue;
        }
        let mut cursor = next.walk();
        let kids: Vec<Node> = next.children(&mut cursor).collect();
        pending.extend(kids.into_iter().rev());
    }
    found
}

/// `%%` cell markers: line comments starting at column 0 with `<comment> %%`; each with its
/// row and title (the rest of the comment, trimmed). Found among the tree's comments, so a
/// `# %%` inside a string is not a marker.
pub(crate) fn cell_markers(tree: &Tree, source: &str, comment: &str) -> Vec<(usize, String)> {
    descendants(tree.root_node(), &|_| false)
        .into_iter()
        .filter(|n| n.kind() == "comment" && n.start_position().column == 0)
        .filter_map(|n| {
            let rest = text(n, source).strip_prefix(comment)?.trim_start();
            let title = rest.strip_prefix("%%")?;
            Some((n.start_position().row, title.trim().to_owned()))
        })
        .collect()
}

/// The leftmost name of a callee such as `a.b(c).d`: `a`. `None` when it does not start with
/// a plain name (`(f)()`, `this.x()`, `[a][0]()`).
pub(crate) fn root_name<'a>(mut node: Node, source: &'a str) -> Option<&'a str> {
    loop {
        node = match node.kind() {
            "identifier" => return Some(text(node, source)),
            "attribute" | "member_expression" | "subscript" | "subscript_expression" => node
                .child_by_field_name("object")
                .or_else(|| node.child_by_field_name("value"))?,
            "call" | "call_expression" => node.child_by_field_name("function")?,
            _ => return None,
        };
    }
}
