//! TypeScript runs as JavaScript after its types are erased on the host by SWC's fast
//! stripper (the one Node.js uses). In strip-only mode every type annotation is replaced by
//! whitespace, so each line and column of the JavaScript is the same as in the TypeScript:
//! error positions need no mapping.

use std::sync::{Arc, Mutex, PoisonError};

use swc_common::errors::{DiagnosticBuilder, Emitter, Handler};
use swc_common::sync::Lrc;
use swc_common::{GLOBALS, Globals, SourceMap};
use swc_ts_fast_strip::{ErrorCode, Mode, Options};

/// A TypeScript error found while stripping, positioned in the source (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripError {
    /// `SyntaxError` for code that does not parse, `UnsupportedSyntax` for TypeScript that
    /// needs a transform (enums, namespaces, parameter properties).
    pub kind: &'static str,
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// Erases types, keeping every position. Errors carry the first problem's location.
pub fn strip(code: &str, filename: &str) -> Result<String, StripError> {
    let cm: Lrc<SourceMap> = Default::default();
    let captured = Arc::new(Mutex::new(Vec::new()));
    let handler = Handler::with_emitter(
        true,
        false,
        Box::new(Capture {
            cm: cm.clone(),
            found: Arc::clone(&captured),
        }),
    );
    let options = Options {
        filename: Some(filename.to_owned()),
        mode: Mode::StripOnly,
        ..Default::default()
    };
    let result = GLOBALS.set(&Globals::new(), || {
        swc_ts_fast_strip::operate(&cm, &handler, code.to_owned(), options)
    });
    match result {
        Ok(output) => Ok(output.code),
        Err(err) => {
            let kind = match err.code {
                ErrorCode::UnsupportedSyntax => "UnsupportedSyntax",
                _ => "SyntaxError",
            };
            let first = captured
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .first()
                .cloned();
            let (message, line, column) = match first {
                Some((message, line, column)) => (message, line, column),
                None => (err.message, 0, 0),
            };
            let message = if kind == "UnsupportedSyntax" {
                format!(
                    "{message} (codemode runs TypeScript by erasing types, as `node --strip-types` does; enums, namespaces and parameter properties need a transform and are not supported)"
                )
            } else {
                message
            };
            Err(StripError {
                kind,
                message,
                line,
                column,
            })
        }
    }
}

struct Capture {
    cm: Lrc<SourceMap>,
    found: Arc<Mutex<Vec<(String, u32, u32)>>>,
}

impl Emitter for Capture {
    fn emit(&mut self, db: &mut DiagnosticBuilder<'_>) {
        let (line, column) = db
            .span
            .primary_span()
            .and_then(|span| self.cm.try_lookup_char_pos(span.lo).ok())
            .map(|loc| (loc.line as u32, loc.col.0 as u32 + 1))
            .unwrap_or((0, 0));
        self.found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((db.message(), line, column));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_become_whitespace_and_positions_stay() {
        let ts = "const x: number = 1;\nfunction f(a: string): string { return a }\nthrow new Error(f('x'));\n";
        let js = strip(ts, "a.ts").unwrap();
        assert_eq!(js.lines().count(), ts.lines().count());
        for (t, j) in ts.lines().zip(js.lines()) {
            assert_eq!(t.find("throw"), j.find("throw"));
        }
        assert!(js.starts_with("const x         = 1;"), "{js}");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = strip("let a = 1;\nlet b: = 2;\n", "a.ts").unwrap_err();
        assert_eq!(err.kind, "SyntaxError");
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.column > 0);
    }

    #[test]
    fn enums_are_reported_as_unsupported() {
        let err = strip("enum Color { Red }\n", "a.ts").unwrap_err();
        assert_eq!(err.kind, "UnsupportedSyntax");
        assert_eq!(err.line, 1);
    }
}
