//! The structured outcome of a run: one type for the CLI's `--json`, the language server's
//! diagnostics and notification, and the MCP server's `execute_code` result.

use serde::{Deserialize, Serialize};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The snippet ran to the end (or exited with code 0).
    Ok,
    /// It raised/threw and did not catch it, exited non-zero, or the guest trapped.
    Error,
    /// The wall-clock limit (or the fuel budget) ran out.
    Timeout,
    /// It needed more memory than allowed.
    MemoryLimit,
    /// It printed more than allowed.
    OutputLimit,
    /// It was cancelled from outside.
    Cancelled,
}

impl Status {
    pub fn is_success(self) -> bool {
        self == Status::Ok
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// A position range in the *file* (1-based lines and columns; columns count Unicode scalar
/// values). `end_*` point one past the last character and equal the start when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// One stack frame, in file coordinates when it is the snippet's own code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackFrame {
    pub function: String,
    /// The frame's file: the run's file name for the snippet's own frames, else a library path.
    pub file: String,
    /// True for frames in the snippet (and so in the file being run).
    pub in_snippet: bool,
    /// Where in `file`; for snippet frames already shifted to file lines. 0 when unknown.
    #[serde(flatten)]
    pub span: Span,
}

/// A problem to show at a place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    #[serde(flatten)]
    pub span: Span,
    pub severity: Severity,
    pub message: String,
    /// Other places the problem passed through (outer traceback frames in the file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<StackFrame>,
}

/// What the snippet raised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// `ZeroDivisionError`, `TypeError`, `SyntaxError`, `Timeout`, `MemoryLimit`, ...
    pub kind: String,
    pub message: String,
    /// The traceback as the interpreter prints it, with the runner's frames removed.
    pub traceback: String,
    /// Outermost first.
    pub frames: Vec<StackFrame>,
}

/// The outcome of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub status: Status,
    pub language: String,
    pub stdout: String,
    pub stderr: String,
    /// True when stdout or stderr was cut at its limit (a marker ends the text).
    pub output_truncated: bool,
    /// The display form of the trailing expression's value, REPL-style.
    pub value: Option<String>,
    pub error: Option<ErrorInfo>,
    /// Exit code the snippet asked for (`sys.exit(3)`), or a command module's exit code.
    pub exit_code: Option<i32>,
    pub diagnostics: Vec<Diagnostic>,
    pub duration_ms: f64,
    /// Peak linear memory of the guest, in bytes.
    pub memory_bytes: u64,
    /// Instructions (fuel) used, when a fuel budget was set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuel_consumed: Option<u64>,
    /// The last value the snippet passed to `codemode.report(value)` (test runners report
    /// their results this way).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<serde_json::Value>,
}

impl RunOutcome {
    /// A one-line summary: `→ 42 · 2.1 ms`, `ZeroDivisionError: division by zero (line 3)`.
    pub fn summary(&self) -> String {
        let took = format_ms(self.duration_ms);
        match (&self.status, &self.error, &self.value) {
            (Status::Ok, _, Some(value)) => {
                let value: String = first_line_clipped(value, 60);
                format!("→ {value} · {took}")
            }
            (Status::Ok, _, None) => format!("✓ ok · {took}"),
            (_, Some(error), _) => {
                let at = self
                    .diagnostics
                    .first()
                    .map(|d| format!(" (line {})", d.span.line))
                    .unwrap_or_default();
                format!(
                    "✗ {}: {}{at} · {took}",
                    error.kind,
                    first_line_clipped(&error.message, 80)
                )
            }
            (status, None, _) => format!("✗ {status:?} · {took}"),
        }
    }
}

fn first_line_clipped(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > max || text.lines().nth(1).is_some() {
        let clipped: String = line.chars().take(max).collect();
        format!("{clipped}…")
    } else {
        line.to_owned()
    }
}

fn format_ms(ms: f64) -> String {
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}
