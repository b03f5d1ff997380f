//! Reading a model's proposal, and the scope check every proposal passes before it is even
//! run: it may replace lines of the snippet it was asked about, in this document, and nothing
//! else — whatever the model, the document or the program's output says.

use std::ops::Range;

use serde_json::Value;

/// The part of a document a loop may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The document's URI (`file:///home/me/app.py`).
    pub uri: String,
    /// Its file name (`app.py`).
    pub file_name: String,
    /// 1-based, inclusive.
    pub first_line: u32,
    pub last_line: u32,
}

impl Scope {
    /// The lines of `range` (bytes of `text`).
    pub fn of(uri: &str, file_name: &str, text: &str, range: &Range<usize>) -> Self {
        let first_line = line_of(text, range.start);
        // A range ending right after a line break ends on the line before.
        let end = if range.end > range.start && text[..range.end].ends_with('\n') {
            range.end - 1
        } else {
            range.end
        };
        Self {
            uri: uri.to_owned(),
            file_name: file_name.to_owned(),
            first_line,
            last_line: line_of(text, end).max(first_line),
        }
    }

    /// Whether `path` (as a model wrote it) names this document.
    fn names(&self, path: &str) -> bool {
        let path = path.trim();
        if path.is_empty() || path == self.uri || path == self.file_name {
            return true;
        }
        if path.split(['/', '\\']).any(|segment| segment == "..") {
            return false;
        }
        let path = path.strip_prefix("file://").unwrap_or(path);
        let own = self.uri.strip_prefix("file://").unwrap_or(&self.uri);
        own == path || own.ends_with(&format!("/{}", path.trim_start_matches("./")))
    }
}

/// A candidate: replace `range` (whole lines, bytes of the document) with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub range: Range<usize>,
    pub text: String,
    pub explanation: String,
}

/// Why a proposal was refused without running it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "refused: the fix names `{0}`, but only this document may change (fixes never touch other files)"
    )]
    OtherFile(String),
    #[error(
        "refused: the fix replaces lines {start}–{end}, but only lines {first}–{last} (the snippet) may change"
    )]
    OutsideSnippet {
        start: u32,
        end: u32,
        first: u32,
        last: u32,
    },
    #[error("refused: {0}")]
    Malformed(String),
}

/// A `propose_fix` call's arguments: `{code, start_line?, end_line?, path?, explanation?}`.
pub fn read_fix(args: &Value, text: &str, scope: &Scope) -> Result<Proposal, Refusal> {
    let code = args
        .get("code")
        .and_then(Value::as_str)
        .ok_or_else(|| Refusal::Malformed("propose_fix needs `code`, a string".into()))?;
    if let Some(path) = args.get("path").or_else(|| args.get("file")) {
        let path = path.as_str().unwrap_or_default();
        if !scope.names(path) {
            return Err(Refusal::OtherFile(path.to_owned()));
        }
    }
    let line = |key: &str| -> Result<Option<u32>, Refusal> {
        match args.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_u64()
                .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| Refusal::Malformed(format!("`{key}` must be a line number"))),
        }
    };
    let start = line("start_line")?.unwrap_or(scope.first_line);
    let end = line("end_line")?.unwrap_or(if start == scope.first_line {
        scope.last_line
    } else {
        start
    });
    if start > end {
        return Err(Refusal::Malformed(format!(
            "start_line {start} is after end_line {end}"
        )));
    }
    if start < scope.first_line || end > scope.last_line {
        return Err(Refusal::OutsideSnippet {
            start,
            end,
            first: scope.first_line,
            last: scope.last_line,
        });
    }
    let explanation = args
        .get("explanation")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Ok(replacement(text, start, end, code, explanation))
}

/// A plain-text answer with a fenced code block: the last block replaces the whole snippet
/// (for models without tool calling).
pub fn read_fenced(answer: &str, text: &str, scope: &Scope) -> Option<Proposal> {
    let code = last_fence(answer)?;
    Some(replacement(
        text,
        scope.first_line,
        scope.last_line,
        &code,
        answer
            .split("```")
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
    ))
}

/// The contents of the last fenced code block of `answer`.
pub fn last_fence(answer: &str) -> Option<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in answer.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(String::new()),
            }
        } else if let Some(block) = &mut current {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks.pop()
}

/// Lines `start..=end` (1-based) of `text` replaced by `code`, which keeps the document's line
/// breaks and loses any line-number gutter the model copied from the prompt.
fn replacement(text: &str, start: u32, end: u32, code: &str, explanation: String) -> Proposal {
    let range = line_start(text, start)..line_start(text, end + 1);
    let replaced = &text[range.clone()];
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut new = strip_gutter(code).replace("\r\n", "\n");
    if replaced.ends_with('\n') && !new.ends_with('\n') {
        new.push('\n');
    } else if !replaced.ends_with('\n') && new.ends_with('\n') {
        new.pop();
    }
    if eol != "\n" {
        new = new.replace('\n', eol);
    }
    Proposal {
        range,
        text: new,
        explanation,
    }
}

/// `  12| code` or `> 12| code` on every line (the numbering of the prompt) → `code`.
fn strip_gutter(code: &str) -> String {
    let gutter = |line: &str| -> Option<usize> {
        let trimmed = line.trim_start().trim_start_matches('>').trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let rest = &trimmed[digits..];
        (digits > 0 && rest.starts_with('|'))
            .then(|| line.len() - rest.len() + 1 + usize::from(rest[1..].starts_with(' ')))
    };
    let lines: Vec<&str> = code.lines().collect();
    if lines.is_empty()
        || !lines
            .iter()
            .all(|l| l.trim().is_empty() || gutter(l).is_some())
    {
        return code.to_owned();
    }
    let mut out: String = lines
        .iter()
        .map(|l| gutter(l).map_or("", |at| &l[at..]))
        .collect::<Vec<_>>()
        .join("\n");
    if code.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// 1-based line of byte `offset`.
pub fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

/// Byte offset where 1-based `line` starts (the end of the text past the last line).
pub fn line_start(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line as usize - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TEXT: &str =
        "import math\n\ndef area(r):\n    return math.pi * r ** 2\n\nprint(area(2))\n";

    fn scope() -> Scope {
        let start = TEXT.find("def").unwrap();
        let end = TEXT.find("\n\nprint").unwrap() + 1;
        Scope::of("file:///w/geo.py", "geo.py", TEXT, &(start..end))
    }

    #[test]
    fn scope_is_the_snippet_lines() {
        let scope = scope();
        assert_eq!((scope.first_line, scope.last_line), (3, 4));
    }

    #[test]
    fn a_fix_without_lines_replaces_the_snippet() {
        let p = read_fix(
            &json!({"code": "def area(r):\n    return math.pi * r * r"}),
            TEXT,
            &scope(),
        )
        .unwrap();
        assert_eq!(
            &TEXT[p.range.clone()],
            "def area(r):\n    return math.pi * r ** 2\n"
        );
        assert_eq!(p.text, "def area(r):\n    return math.pi * r * r\n");
    }

    #[test]
    fn lines_outside_the_snippet_are_refused() {
        let err = read_fix(
            &json!({"code": "import os\n", "start_line": 1, "end_line": 1}),
            TEXT,
            &scope(),
        )
        .unwrap_err();
        assert!(
            matches!(err, Refusal::OutsideSnippet { start: 1, .. }),
            "{err}"
        );
        let err = read_fix(
            &json!({"code": "x", "start_line": 4, "end_line": 6}),
            TEXT,
            &scope(),
        )
        .unwrap_err();
        assert!(matches!(err, Refusal::OutsideSnippet { end: 6, .. }));
    }

    #[test]
    fn other_files_are_refused() {
        for path in [
            "/etc/passwd",
            "other.py",
            "../geo.py",
            "file:///w/../etc/x.py",
        ] {
            let err = read_fix(&json!({"code": "x", "path": path}), TEXT, &scope()).unwrap_err();
            assert!(matches!(err, Refusal::OtherFile(_)), "{path}: {err}");
        }
        for path in ["geo.py", "file:///w/geo.py", "/w/geo.py", "w/geo.py"] {
            read_fix(&json!({"code": "x", "path": path}), TEXT, &scope()).unwrap();
        }
    }

    #[test]
    fn gutters_are_stripped_and_crlf_kept() {
        let text = TEXT.replace('\n', "\r\n");
        let start = text.find("def").unwrap();
        let scope = Scope::of("file:///w/geo.py", "geo.py", &text, &(start..start + 5));
        let p = read_fix(
            &json!({"code": "   3| def area(r):\n   4|     return r\n", "end_line": 4}),
            &text,
            &scope,
        );
        // Line 4 is outside a scope of line 3 only.
        assert!(p.is_err());
        let p = read_fix(&json!({"code": "   3| def area(r):"}), &text, &scope).unwrap();
        assert_eq!(p.text, "def area(r):\r\n");
    }

    #[test]
    fn fenced_answers_replace_the_snippet() {
        let answer = "The exponent was wrong.\n```python\ndef area(r):\n    return r\n```\n";
        let p = read_fenced(answer, TEXT, &scope()).unwrap();
        assert_eq!(p.text, "def area(r):\n    return r\n");
        assert_eq!(p.explanation, "The exponent was wrong.");
        assert_eq!(read_fenced("no code here", TEXT, &scope()), None);
    }
}
