//! Names of upstream servers, tools, parameters and skills as identifiers in the sandbox.

/// Which language's identifier rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Python,
    JavaScript,
}

const PYTHON_KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

const JS_RESERVED: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "arguments",
    "eval",
    "undefined",
];

/// `name` as an identifier: every character that cannot appear in one becomes `_` (runs of
/// them one `_`), a leading digit gets a `_` before it, a keyword gets a `_` after it
/// (`search-issues` → `search_issues`, `class` → `class_`, `2fa` → `_2fa`, `` → `_`).
pub fn identifier(name: &str, target: Target) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last_underscore = false;
    for c in name.chars() {
        let ok =
            c == '_' || c.is_ascii_alphanumeric() || (target == Target::JavaScript && c == '$');
        if ok {
            out.push(c);
            last_underscore = c == '_';
        } else if !last_underscore {
            out.push('_');
            last_underscore = true;
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    let reserved = match target {
        Target::Python => PYTHON_KEYWORDS,
        Target::JavaScript => JS_RESERVED,
    };
    if reserved.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Makes `candidate` unique among `taken` by appending `_2`, `_3`, ...; records it.
pub(crate) fn unique(candidate: String, taken: &mut Vec<String>) -> String {
    let mut name = candidate.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{candidate}_{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// `search_issues` / `search-issues` / `searchIssues` → `SearchIssues`.
pub(crate) fn pascal(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(identifier("search-issues", Target::Python), "search_issues");
        assert_eq!(
            identifier("search issues!!", Target::Python),
            "search_issues_"
        );
        assert_eq!(identifier("class", Target::Python), "class_");
        assert_eq!(identifier("delete", Target::JavaScript), "delete_");
        assert_eq!(identifier("delete", Target::Python), "delete");
        assert_eq!(identifier("2fa", Target::Python), "_2fa");
        assert_eq!(identifier("", Target::Python), "_");
        assert_eq!(identifier("read_file", Target::Python), "read_file");
        assert_eq!(identifier("über", Target::Python), "_ber");
    }

    #[test]
    fn pascal_case() {
        assert_eq!(pascal("search_issues"), "SearchIssues");
        assert_eq!(pascal("read-text-file"), "ReadTextFile");
        assert_eq!(pascal("getTinyImage"), "GetTinyImage");
        assert_eq!(pascal("9lives"), "T9lives");
    }
}
