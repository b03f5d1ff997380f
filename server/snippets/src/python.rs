//! Python: the runnables (functions, classes, docstring examples, the `__main__` block) and
//! the context rule (see the crate documentation).

use std::collections::HashSet;

use tree_sitter::{Node, Tree};

use crate::lines::to_u32;
use crate::program::Statement;
use crate::syntax::{children, descendants, root_name, rows, text};
use crate::{Detail, Found, Harness, Runnable, RunnableKind};

/// Builtins that build values without side effects: calling them keeps an assignment context.
const VALUE_BUILTINS: &[&str] = &[
    "abs",
    "all",
    "any",
    "bin",
    "bool",
    "bytearray",
    "bytes",
    "chr",
    "classmethod",
    "complex",
    "dict",
    "divmod",
    "enumerate",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "hasattr",
    "hash",
    "hex",
    "int",
    "isinstance",
    "issubclass",
    "len",
    "list",
    "map",
    "max",
    "min",
    "object",
    "oct",
    "ord",
    "pow",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "tuple",
    "type",
    "zip",
];

/// Runs docstring examples; see `doctest.py`.
const DOCTEST_HARNESS: &str = include_str!("doctest.py");

/// The top-level statements, classified by the context rule.
pub(crate) fn statements(tree: &Tree, source: &str) -> Vec<Statement> {
    let root = tree.root_node();
    let rule = Rule::new(root, source);
    children(root)
        .into_iter()
        .map(|node| Statement {
            rows: rows(node),
            context: rule.is_context(node),
            blank: None,
            rewritten: None,
        })
        .collect()
}

/// The context rule over one module: which calls build values.
struct Rule<'s> {
    source: &'s str,
    /// Names bound by imports, classes of the module, and [`VALUE_BUILTINS`].
    builders: HashSet<&'s str>,
}

impl<'s> Rule<'s> {
    fn new(root: Node, source: &'s str) -> Self {
        let scopes = |n: Node| matches!(n.kind(), "function_definition" | "lambda");
        let mut builders: HashSet<&str> = VALUE_BUILTINS.iter().copied().collect();
        for node in descendants(root, &scopes) {
            match node.kind() {
                "import_statement" | "import_from_statement" => {
                    builders.extend(imported_names(node, source));
                }
                "class_definition" => {
                    builders.extend(node.child_by_field_name("name").map(|n| text(n, source)));
                }
                _ => {}
            }
        }
        Self { source, builders }
    }

    fn is_context(&self, node: Node) -> bool {
        if node.has_error() {
            return false;
        }
        match node.kind() {
            "import_statement"
            | "import_from_statement"
            | "future_import_statement"
            | "function_definition"
            | "class_definition"
            | "decorated_definition"
            | "type_alias_statement" => true,
            "expression_statement" => self.is_context_expression(node),
            "if_statement" => !is_main_guard(node, self.source) && self.is_context_compound(node),
            "try_statement" => self.is_context_compound(node),
            _ => false,
        }
    }

    /// An assignment to names of pure values, or a string (a docstring).
    fn is_context_expression(&self, node: Node) -> bool {
        match children(node).as_slice() {
            [only] => match only.kind() {
                "assignment" => self.is_context_assignment(*only),
                "string" | "concatenated_string" => true,
                _ => false,
            },
            _ => false,
        }
    }

    fn is_context_assignment(&self, node: Node) -> bool {
        let to_names = node.child_by_field_name("left").is_some_and(binds_names);
        to_names
            && match node.child_by_field_name("right") {
                None => true,
                Some(right) if right.kind() == "assignment" => self.is_context_assignment(right),
                Some(right) => self.is_pure(right),
            }
    }

    /// An `if`/`try` whose conditions are pure and whose statements are all context.
    fn is_context_compound(&self, node: Node) -> bool {
        children(node).into_iter().all(|child| match child.kind() {
            "block" => children(child).into_iter().all(|s| self.is_context(s)),
            "elif_clause"
            | "else_clause"
            | "except_clause"
            | "except_group_clause"
            | "finally_clause" => self.is_context_compound(child),
            _ => self.is_pure(child),
        })
    }

    /// Calls only value builders (calls inside a `lambda` do not run) and does not await.
    fn is_pure(&self, node: Node) -> bool {
        descendants(node, &|n| n.kind() == "lambda")
            .into_iter()
            .all(|n| match n.kind() {
                "call" => n
                    .child_by_field_name("function")
                    .and_then(|f| root_name(f, self.source))
                    .is_some_and(|name| self.builders.contains(name)),
                "await" | "yield" => false,
                _ => true,
            })
    }
}

/// The names an import binds: `a` for `import a.b`, `c` for `import a as c` or
/// `from m import b as c`, `b` for `from m import b`.
fn imported_names<'s>(node: Node, source: &'s str) -> Vec<&'s str> {
    let mut cursor = node.walk();
    let from = node.kind() == "import_from_statement";
    node.children_by_field_name("name", &mut cursor)
        .filter_map(|name| match name.kind() {
            "aliased_import" => name.child_by_field_name("alias").map(|a| text(a, source)),
            _ if from => Some(text(name, source)),
            _ => text(name, source).split('.').next(),
        })
        .collect()
}

/// An assignment target made of plain names (`x`, `a, b`, `[a, *rest]`).
fn binds_names(node: Node) -> bool {
    match node.kind() {
        "identifier" => true,
        "pattern_list" | "tuple_pattern" | "list_pattern" | "list_splat_pattern" => {
            children(node).into_iter().all(binds_names)
        }
        _ => false,
    }
}

/// `if __name__ == "__main__":` (either order, either quote).
fn is_main_guard(node: Node, source: &str) -> bool {
    let Some(condition) = node.child_by_field_name("condition") else {
        return false;
    };
    if condition.kind() != "comparison_operator" {
        return false;
    }
    let condition: String = text(condition, source)
        .split_whitespace()
        .collect::<String>()
        .replace('\'', "\"");
    condition == "__name__==\"__main__\"" || condition == "\"__main__\"==__name__"
}

/// The runnables a Python module defines (cells and the file are found elsewhere).
pub(crate) fn runnables(tree: &Tree, source: &str) -> Vec<Found> {
    let root = tree.root_node();
    let mut found = Vec::new();
    if let Some(doc) = docstring(root, source) {
        found.push(doc.doctest("module"));
    }
    for node in children(root) {
        let definition = unwrap_decorated(node);
        match definition.kind() {
            "function_definition" => found.extend(function(node, definition, source)),
            "class_definition" => found.extend(class(node, definition, source)),
            "if_statement" if is_main_guard(node, source) => found.push(main_block(node)),
            _ => {}
        }
    }
    found
}

fn unwrap_decorated(node: Node) -> Node {
    if node.kind() == "decorated_definition" {
        node.child_by_field_name("definition").unwrap_or(node)
    } else {
        node
    }
}

fn name_of<'s>(definition: Node, source: &'s str) -> Option<&'s str> {
    let name = definition.child_by_field_name("name")?;
    (!name.is_missing() && !name.has_error()).then(|| text(name, source))
}

/// A top-level function (`node` includes its decorators) and its docstring's examples.
fn function(node: Node, definition: Node, source: &str) -> Vec<Found> {
    let Some(name) = name_of(definition, source) else {
        return Vec::new();
    };
    let callable = definition
        .child_by_field_name("parameters")
        .is_some_and(|p| required_parameters(p) == 0);
    let doc = docstring(definition, source);
    let harness = if callable {
        let is_async = definition.child(0).is_some_and(|c| c.kind() == "async");
        let call = if is_async {
            format!("await {name}()\n")
        } else {
            format!("{name}()\n")
        };
        Harness::Call(call)
    } else {
        doc.as_ref()
            .map_or(Harness::None, |d| Harness::Doctest(d.harness(name)))
    };
    let mut found = vec![Found {
        runnable: runnable(RunnableKind::Function { callable }, name, node),
        detail: Detail::InPlace {
            rows: Some(rows(node)),
            blanks: Vec::new(),
            harness,
        },
    }];
    found.extend(doc.map(|d| d.doctest(name)));
    found
}

/// A top-level class and the examples of its docstring and its methods' docstrings.
fn class(node: Node, definition: Node, source: &str) -> Vec<Found> {
    let Some(name) = name_of(definition, source) else {
        return Vec::new();
    };
    let mut found = vec![Found {
        runnable: runnable(RunnableKind::Class, name, node),
        detail: Detail::InPlace {
            rows: Some(rows(node)),
            blanks: Vec::new(),
            harness: Harness::None,
        },
    }];
    found.extend(docstring(definition, source).map(|d| d.doctest(name)));
    let body = definition.child_by_field_name("body");
    for method in body.into_iter().flat_map(children).map(unwrap_decorated) {
        if method.kind() == "function_definition"
            && let Some(method_name) = name_of(method, source)
            && let Some(doc) = docstring(method, source)
        {
            found.push(doc.doctest(&format!("{name}.{method_name}")));
        }
    }
    found
}

fn main_block(node: Node) -> Found {
    Found {
        runnable: runnable(RunnableKind::MainBlock, "__main__", node),
        detail: Detail::InPlace {
            rows: Some(rows(node)),
            blanks: Vec::new(),
            harness: Harness::None,
        },
    }
}

fn runnable(kind: RunnableKind, name: &str, node: Node) -> Runnable {
    Runnable {
        kind,
        name: name.to_owned(),
        range: node.byte_range(),
        language: codemode_runtimes::Language::Python,
    }
}

/// Parameters without a default: plain names, typed names, tuple patterns (`*args`,
/// `**kwargs`, separators and defaulted ones are optional).
fn required_parameters(parameters: Node) -> usize {
    children(parameters)
        .into_iter()
        .filter(|p| match p.kind() {
            "identifier" | "tuple_pattern" => true,
            "typed_parameter" => p.named_child(0).is_some_and(|n| n.kind() == "identifier"),
            _ => false,
        })
        .count()
}

/// A docstring with `>>>` examples.
struct Docstring<'s> {
    /// The string literal as written.
    literal: &'s str,
    range: std::ops::Range<usize>,
    /// Document line (1-based) of the literal's first line.
    line: u32,
    /// Byte column where the string's value starts on that line (after the quotes).
    column: u32,
}

impl Docstring<'_> {
    fn doctest(&self, owner: &str) -> Found {
        Found {
            runnable: Runnable {
                kind: RunnableKind::Doctest,
                name: owner.to_owned(),
                range: self.range.clone(),
                language: codemode_runtimes::Language::Python,
            },
            detail: Detail::InPlace {
                rows: None,
                blanks: Vec::new(),
                harness: Harness::Doctest(self.harness(owner)),
            },
        }
    }

    /// The harness that runs the examples, each at its own document line.
    fn harness(&self, owner: &str) -> String {
        format!(
            "{DOCTEST_HARNESS}__codemode_doctest({}, {}, {}, {owner:?})\n",
            self.literal, self.line, self.column
        )
    }
}

/// The docstring of a module, class or function (`node`), when it has `>>>` examples.
fn docstring<'s>(node: Node, source: &'s str) -> Option<Docstring<'s>> {
    let body = if node.kind() == "module" {
        node
    } else {
        node.child_by_field_name("body")?
    };
    let first = *children(body).first()?;
    let [string] = children(first)[..] else {
        return None;
    };
    if first.kind() != "expression_statement" || string.kind() != "string" || string.has_error() {
        return None;
    }
    let start = string.child(0).filter(|s| s.kind() == "string_start")?;
    let prefix = text(start, source);
    if prefix.contains(['f', 'F', 'b', 'B', 't', 'T']) {
        return None;
    }
    let literal = text(string, source);
    literal.contains(">>>").then(|| Docstring {
        literal,
        range: string.byte_range(),
        line: to_u32(string.start_position().row + 1),
        column: to_u32(start.end_position().column),
    })
}
