//! JavaScript and TypeScript: the runnables (functions, function-valued constants, classes)
//! and the context rule (see the crate documentation).

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::{Node, Tree};

use crate::program::Statement;
use crate::syntax::{Code, children, descendants, root_name, rows, text};
use crate::{Detail, Found, Harness, Runnable, RunnableKind};

/// Globals whose calls (`Object.freeze(..)`, `new Map()`, `require('x')`) build values.
const VALUE_GLOBALS: &[&str] = &[
    "Array",
    "ArrayBuffer",
    "BigInt",
    "Boolean",
    "DataView",
    "Date",
    "Error",
    "Float32Array",
    "Float64Array",
    "Int16Array",
    "Int32Array",
    "Int8Array",
    "Intl",
    "JSON",
    "Map",
    "Math",
    "Number",
    "Object",
    "Promise",
    "Proxy",
    "RangeError",
    "Reflect",
    "RegExp",
    "Set",
    "String",
    "Symbol",
    "TextDecoder",
    "TextEncoder",
    "TypeError",
    "URL",
    "URLSearchParams",
    "Uint16Array",
    "Uint32Array",
    "Uint8Array",
    "WeakMap",
    "WeakSet",
    "parseFloat",
    "parseInt",
    "require",
    "structuredClone",
];

/// Declarations that only declare (TypeScript types, ambient declarations, namespaces).
const DECLARATIONS: &[&str] = &[
    "function_declaration",
    "generator_function_declaration",
    "class_declaration",
    "abstract_class_declaration",
    "interface_declaration",
    "type_alias_declaration",
    "enum_declaration",
    "ambient_declaration",
    "function_signature",
    "module",
    "internal_module",
    "import_alias",
];

/// Nodes whose insides do not run when the statement runs.
fn is_deferred(node: Node) -> bool {
    matches!(
        node.kind(),
        "arrow_function"
            | "function_expression"
            | "function"
            | "generator_function"
            | "class"
            | "class_body"
            | "method_definition"
    )
}

/// The top-level statements, classified by the context rule.
pub(crate) fn statements(tree: &Tree, source: &str) -> Vec<Statement> {
    let root = tree.root_node();
    let rule = Rule::new(root, source);
    children(root)
        .into_iter()
        .map(|node| {
            let (declaration, blank) = unwrap_export(node);
            let context = !node.has_error() && declaration.is_some_and(|d| rule.is_context(d));
            let rewritten = (context && node.kind() == "import_statement")
                .then(|| as_require(node, source))
                .flatten()
                .and_then(|require| replace_on_line(node, source, &require));
            Statement {
                rows: rows(node),
                context,
                blank,
                rewritten,
            }
        })
        .collect()
}

/// A static import said as a `require` call: `import d, { a, b as c } from "m"` →
/// `const d = require("m"), { a, b: c } = require("m");`. A program that keeps a static
/// import is an ES module, and a module has no last value to show; the node built-ins a
/// snippet can import are the same through `require`. `None` for what has no such form
/// (type-only imports, which TypeScript erasure removes anyway, import attributes,
/// `import x = require(..)`).
fn as_require(node: Node, source: &str) -> Option<String> {
    let mut cursor = node.walk();
    let parts: Vec<Node> = node.children(&mut cursor).collect();
    let unusual = [
        "type",
        "typeof",
        "import_attribute",
        "import_require_clause",
    ];
    if parts.iter().any(|p| unusual.contains(&p.kind())) {
        return None;
    }
    let require = format!(
        "require({})",
        text(node.child_by_field_name("source")?, source)
    );
    let Some(clause) = parts.iter().find(|p| p.kind() == "import_clause") else {
        return Some(format!("{require};"));
    };
    let mut bindings = Vec::new();
    for part in children(*clause) {
        let binding = match part.kind() {
            "identifier" => text(part, source).to_owned(),
            "namespace_import" => text(*children(part).first()?, source).to_owned(),
            "named_imports" => {
                let names: Vec<String> = children(part)
                    .into_iter()
                    .filter(|s| !is_type_only(*s))
                    .map(|s| specifier(s, source))
                    .collect::<Option<_>>()?;
                if names.is_empty() {
                    continue;
                }
                format!("{{ {} }}", names.join(", "))
            }
            _ => return None,
        };
        bindings.push(format!("{binding} = {require}"));
    }
    Some(if bindings.is_empty() {
        format!("{require};")
    } else {
        format!("const {};", bindings.join(", "))
    })
}

/// `import { type A }` (TypeScript).
fn is_type_only(specifier: Node) -> bool {
    specifier
        .child(0)
        .is_some_and(|c| !c.is_named() && matches!(c.kind(), "type" | "typeof"))
}

/// `a` or `b: c` (for `b as c`).
fn specifier(node: Node, source: &str) -> Option<String> {
    let name = text(node.child_by_field_name("name")?, source);
    Some(match node.child_by_field_name("alias") {
        Some(alias) => format!("{name}: {}", text(alias, source)),
        None => name.to_owned(),
    })
}

/// The line of a single-row `node` with the node replaced by `replacement`.
fn replace_on_line(node: Node, source: &str, replacement: &str) -> Option<String> {
    let range = node.byte_range();
    if source[range.clone()].contains('\n') {
        return None;
    }
    let start = source[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = source[range.end..]
        .find('\n')
        .map_or(source.len(), |i| range.end + i);
    let line = format!(
        "{}{replacement}{}",
        &source[start..range.start],
        &source[range.end..end]
    );
    Some(line.trim_end_matches('\r').to_owned())
}

/// The declaration of an `export` statement and the bytes of its `export`/`export default`
/// keywords; any other statement itself. `None` for exports of no declaration (`export {a}`).
fn unwrap_export(node: Node) -> (Option<Node>, Option<Range<usize>>) {
    if node.kind() != "export_statement" {
        return (Some(node), None);
    }
    let Some(declaration) = node.child_by_field_name("declaration") else {
        return (None, None);
    };
    let mut cursor = node.walk();
    let keyword = node
        .children(&mut cursor)
        .find(|c| c.kind() == "export")
        .map_or(node.start_byte(), |k| k.start_byte());
    (Some(declaration), Some(keyword..declaration.start_byte()))
}

struct Rule<'s> {
    source: &'s str,
    /// Imported names, classes of the program, and [`VALUE_GLOBALS`].
    builders: HashSet<&'s str>,
}

impl<'s> Rule<'s> {
    fn new(root: Node, source: &'s str) -> Self {
        let mut builders: HashSet<&str> = VALUE_GLOBALS.iter().copied().collect();
        for node in children(root) {
            let Some(declaration) = unwrap_export(node).0 else {
                continue;
            };
            match declaration.kind() {
                "import_statement" => builders.extend(imported_names(declaration, source)),
                "class_declaration" | "abstract_class_declaration" => builders.extend(
                    declaration
                        .child_by_field_name("name")
                        .map(|n| text(n, source)),
                ),
                _ => {}
            }
        }
        Self { source, builders }
    }

    fn is_context(&self, node: Node) -> bool {
        match node.kind() {
            "import_statement" => true,
            "lexical_declaration" | "variable_declaration" => children(node)
                .into_iter()
                .filter(|d| d.kind() == "variable_declarator")
                .all(|d| {
                    d.child_by_field_name("value")
                        .is_none_or(|v| self.is_pure(v))
                }),
            "expression_statement" => children(node)
                .first()
                .is_some_and(|e| matches!(e.kind(), "string" | "internal_module")),
            kind => DECLARATIONS.contains(&kind),
        }
    }

    /// Calls and constructs only value builders, assigns nothing, awaits nothing.
    fn is_pure(&self, node: Node) -> bool {
        let builds_value = |callee: Option<Node>| {
            callee
                .and_then(|c| root_name(c, self.source))
                .is_some_and(|name| self.builders.contains(name))
        };
        descendants(node, &is_deferred)
            .into_iter()
            .filter(|n| n.is_named())
            .all(|n| match n.kind() {
                "call_expression" => builds_value(n.child_by_field_name("function")),
                "new_expression" => builds_value(n.child_by_field_name("constructor")),
                "await_expression"
                | "yield_expression"
                | "assignment_expression"
                | "augmented_assignment_expression"
                | "update_expression" => false,
                _ => true,
            })
    }
}

/// Names an import binds: the default, the namespace, each specifier (its alias if any).
fn imported_names<'s>(node: Node, source: &'s str) -> Vec<&'s str> {
    descendants(node, &|_| false)
        .into_iter()
        .filter_map(|n| match n.kind() {
            "import_clause" | "namespace_import" => children(n)
                .into_iter()
                .find(|c| c.kind() == "identifier")
                .map(|c| text(c, source)),
            "import_specifier" => n
                .child_by_field_name("alias")
                .or_else(|| n.child_by_field_name("name"))
                .map(|c| text(c, source)),
            _ => None,
        })
        .collect()
}

/// Top-level functions (declarations, and constants holding a function) and classes.
pub(crate) fn runnables(code: Code, tree: &Tree, source: &str) -> Vec<Found> {
    children(tree.root_node())
        .into_iter()
        .filter_map(|node| {
            let (declaration, blank) = unwrap_export(node);
            let (kind, name, is_async) = describe(declaration?, source)?;
            let harness = match kind {
                RunnableKind::Function { callable: true } => Harness::Call(format!(
                    "{}{name}();\n",
                    if is_async { "await " } else { "" }
                )),
                _ => Harness::None,
            };
            Some(Found {
                runnable: Runnable {
                    kind,
                    name: name.to_owned(),
                    range: node.byte_range(),
                    language: code.language(),
                },
                detail: Detail::InPlace {
                    rows: Some(rows(node)),
                    blanks: blank.into_iter().collect(),
                    harness,
                },
            })
        })
        .collect()
}

/// What a top-level declaration runs as: its kind, name and whether it is `async`.
fn describe<'s>(node: Node, source: &'s str) -> Option<(RunnableKind, &'s str, bool)> {
    match node.kind() {
        "function_declaration" | "generator_function_declaration" => {
            let name = name(node, source)?;
            Some((function_kind(node), name, starts_with_async(node)))
        }
        "class_declaration" | "abstract_class_declaration" => {
            Some((RunnableKind::Class, name(node, source)?, false))
        }
        "lexical_declaration" | "variable_declaration" => {
            let [declarator] = children(node)[..] else {
                return None;
            };
            let value = declarator.child_by_field_name("value")?;
            if !matches!(
                value.kind(),
                "arrow_function" | "function_expression" | "generator_function"
            ) {
                return None;
            }
            let name = name(declarator, source)?;
            Some((function_kind(value), name, starts_with_async(value)))
        }
        _ => None,
    }
}

fn name<'s>(node: Node, source: &'s str) -> Option<&'s str> {
    let name = node.child_by_field_name("name")?;
    let is_name = matches!(name.kind(), "identifier" | "type_identifier");
    (is_name && !name.is_missing()).then(|| text(name, source))
}

fn starts_with_async(node: Node) -> bool {
    node.child(0).is_some_and(|c| c.kind() == "async")
}

/// A function is callable when none of its parameters is required.
fn function_kind(function: Node) -> RunnableKind {
    let required = match function.child_by_field_name("parameters") {
        Some(parameters) => children(parameters)
            .into_iter()
            .filter(|p| is_required(*p))
            .count(),
        // `x => ...`
        None => usize::from(function.child_by_field_name("parameter").is_some()),
    };
    RunnableKind::Function {
        callable: required == 0,
    }
}

/// A parameter with no default that is not a rest parameter (nor TypeScript's `this`/`x?`).
fn is_required(parameter: Node) -> bool {
    match parameter.kind() {
        "identifier" | "object_pattern" | "array_pattern" => true,
        "required_parameter" => {
            parameter.child_by_field_name("value").is_none()
                && parameter
                    .child_by_field_name("pattern")
                    .is_some_and(|p| !matches!(p.kind(), "rest_pattern" | "this"))
        }
        _ => false,
    }
}
