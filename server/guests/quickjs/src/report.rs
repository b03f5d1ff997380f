//! Plain-Rust helpers with no QuickJS in them: parsing QuickJS stack text into frames, rendering
//! a node-style traceback, and telling whether a snippet has static `import`/`export`.

/// One stack frame, as the WIT `frame` record wants it (`end-*` are always unknown here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub filename: String,
    pub function: String,
    pub line: u32,
    pub column: u32,
}

/// Parses QuickJS-ng stack text (`    at f (file:3:7)` lines, innermost first) into frames,
/// outermost first. Lines that are not frames (a `Name: message` header, blank lines) are
/// skipped. QuickJS names top-level code `<eval>`; it becomes `<module>` as the WIT asks.
pub fn parse_stack(stack: &str) -> Vec<Frame> {
    let mut frames: Vec<Frame> = stack.lines().filter_map(parse_frame_line).collect();
    frames.reverse();
    frames
}

fn parse_frame_line(line: &str) -> Option<Frame> {
    let rest = line.trim_start().strip_prefix("at ")?.trim_end();
    // An error with own properties is inspected as `... at f (file:1:2) {` + the properties.
    let rest = rest.strip_suffix(" {").unwrap_or(rest);
    // `at name (location)` or, for a parse error, `at file:line:col`.
    let (function, location) = match rest
        .strip_suffix(')')
        .and_then(|r| r.find(" (").map(|i| (r, i)))
    {
        Some((r, i)) => (r[..i].to_string(), &r[i + 2..]),
        None => ("<module>".to_string(), rest),
    };
    let function = match function.as_str() {
        "<eval>" => "<module>".to_string(),
        _ => function,
    };
    let (filename, line, column) = split_location(location);
    Some(Frame {
        filename,
        function,
        line,
        column,
    })
}

/// Removes the frames of codemode's own prelude from QuickJS stack text: its bytecode carries no
/// debug info, so its frames read `at name (<null>...)`; a `(native)` frame called from one
/// (`call`, `apply`) goes too. The snippet's frames and those of built-ins it called stay.
pub fn strip_runtime_frames(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let is_prelude = |l: &str| l.trim_start().starts_with("at ") && l.contains("(<null>");
    let mut keep = vec![true; lines.len()];
    for i in (0..lines.len()).rev() {
        if is_prelude(lines[i]) {
            keep[i] = false;
            // Natives directly above (called by) this frame, in innermost-first order.
            let mut j = i;
            while j > 0 && lines[j - 1].trim_end().ends_with("(native)") {
                j -= 1;
                keep[j] = false;
            }
        }
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    out.extend(
        lines
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(l, _)| *l),
    );
    out.join("\n")
}

/// UTF-8 from WTF-8 (UTF-8 that may encode lone surrogates as `ED A0..BF xx`): each lone
/// surrogate becomes one U+FFFD; anything else invalid is replaced as `from_utf8_lossy` does.
pub fn wtf8_to_utf8_lossy(bytes: &[u8]) -> String {
    let mut fixed = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0xED && i + 2 < bytes.len() && (0xA0..=0xBF).contains(&bytes[i + 1]) {
            fixed.extend_from_slice("\u{FFFD}".as_bytes());
            i += 3;
        } else {
            fixed.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&fixed).into_owned()
}

/// `file:line:col` → parts; `native`/`missing` and other shapes → the text with line 0.
fn split_location(location: &str) -> (String, u32, u32) {
    let mut parts = location.rsplitn(3, ':');
    let col = parts.next();
    let line = parts.next();
    let file = parts.next();
    match (
        file,
        line.and_then(|l| l.parse().ok()),
        col.and_then(|c| c.parse().ok()),
    ) {
        (Some(file), Some(line), Some(col)) => (file.to_string(), line, col),
        _ => (format!("<{location}>"), 0, 0),
    }
}

/// Renders an uncaught error the way `node file.js` prints it: the snippet line the innermost
/// snippet frame points at with a caret under the column, a blank line, then the error's own
/// text (`Name: message` and its `    at ...` lines).
pub fn render_traceback(code: &str, filename: &str, frames: &[Frame], error_text: &str) -> String {
    let mut out = String::new();
    if let Some(frame) = frames
        .iter()
        .rev()
        .find(|f| f.filename == filename && f.line > 0)
        && let Some(source) = code.lines().nth(frame.line as usize - 1)
    {
        let caret_at = (frame.column.max(1) - 1) as usize;
        // Indent the caret by display columns, keeping tabs so that it lines up.
        let pad: String = source
            .chars()
            .take(caret_at)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("{filename}:{}\n{source}\n{pad}^\n\n", frame.line));
    }
    out.push_str(error_text.trim_end_matches('\n'));
    out
}

/// Whether the snippet contains a static `import` or `export` declaration at the start of a
/// line (the shape any real module has). It decides which parse error to report when the code
/// fails to compile both as a script and as a module; it is not used to pick the mode, which is
/// "script first, module if only the module parse succeeds".
pub fn looks_like_module(code: &str) -> bool {
    code.lines().any(|line| {
        let t = line.trim_start();
        let word = |kw: &str| {
            t.strip_prefix(kw).is_some_and(|r| {
                r.starts_with(|c: char| {
                    c.is_whitespace() || c == '{' || c == '*' || c == '"' || c == '\''
                })
            })
        };
        word("import") || word("export")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quickjs_stack_outermost_first() {
        let stack = "TypeError: boom\n    at f (<snippet>:3:7)\n    at map (native)\n    at <eval> (<snippet>:5:1)\n";
        let frames = parse_stack(stack);
        assert_eq!(
            frames,
            vec![
                Frame {
                    filename: "<snippet>".into(),
                    function: "<module>".into(),
                    line: 5,
                    column: 1
                },
                Frame {
                    filename: "<native>".into(),
                    function: "map".into(),
                    line: 0,
                    column: 0
                },
                Frame {
                    filename: "<snippet>".into(),
                    function: "f".into(),
                    line: 3,
                    column: 7
                },
            ]
        );
    }

    #[test]
    fn parses_frames_of_an_error_with_own_properties() {
        let frames =
            parse_stack("    at f (snippet:2:9)\n    at <eval> (snippet:4:1) {\n  tool: 'a/b'\n}");
        assert_eq!(frames.len(), 2);
        assert_eq!(
            (
                frames[0].filename.as_str(),
                frames[0].line,
                frames[0].column
            ),
            ("snippet", 4, 1)
        );
    }

    #[test]
    fn parses_syntax_error_location() {
        let frames = parse_stack("    at <snippet>:2:9\n");
        assert_eq!(
            frames,
            vec![Frame {
                filename: "<snippet>".into(),
                function: "<module>".into(),
                line: 2,
                column: 9
            }]
        );
    }

    #[test]
    fn function_names_with_spaces_and_parens() {
        let frames = parse_stack("    at get x (a (b).js:1:2)\n    at new Foo (<snippet>:4:3)");
        assert_eq!(frames[1].function, "get x");
        assert_eq!(frames[1].filename, "a (b).js");
        assert_eq!(frames[0].function, "new Foo");
    }

    #[test]
    fn traceback_points_at_the_innermost_snippet_frame() {
        let code = "function f() {\n  throw new Error('x');\n}\nf();";
        let frames = parse_stack("    at f (<snippet>:2:9)\n    at <eval> (<snippet>:4:1)\n");
        let text = render_traceback(
            code,
            "<snippet>",
            &frames,
            "Error: x\n    at f (<snippet>:2:9)\n",
        );
        assert_eq!(
            text,
            "<snippet>:2\n  throw new Error('x');\n        ^\n\nError: x\n    at f (<snippet>:2:9)"
        );
    }

    #[test]
    fn traceback_without_location_is_just_the_text() {
        assert_eq!(
            render_traceback("x", "<snippet>", &[], "Uncaught 'boom'"),
            "Uncaught 'boom'"
        );
    }

    #[test]
    fn strips_prelude_frames_and_the_natives_they_called() {
        let text = "TypeError: x\n    at f (<snippet>:1:2)\n    at map (native)\n    at g (<snippet>:2:3)\n    at call (native)\n    at <anonymous> (<null>:0:1)\n    at apply (native)\n    at log (<null>)";
        assert_eq!(
            strip_runtime_frames(text),
            "TypeError: x\n    at f (<snippet>:1:2)\n    at map (native)\n    at g (<snippet>:2:3)"
        );
    }

    #[test]
    fn lone_surrogates_become_one_replacement_character() {
        assert_eq!(wtf8_to_utf8_lossy(b"a\xED\xA0\x80b"), "a\u{FFFD}b");
        assert_eq!(wtf8_to_utf8_lossy("é😀".as_bytes()), "é😀");
    }

    #[test]
    fn module_detection() {
        assert!(looks_like_module("import fs from 'fs';"));
        assert!(looks_like_module("const a = 1;\nexport { a };"));
        assert!(looks_like_module("  export default 3"));
        assert!(!looks_like_module("const m = await import('x');"));
        assert!(!looks_like_module("importance = 1; exports.a = 2;"));
        assert!(!looks_like_module("console.log(import.meta)"));
    }
}
