//! From a sandbox [`Execution`] to a [`RunOutcome`] in file coordinates.

use codemode_sandbox::{Execution, Frame, GuestResult, Termination};
use regex::Regex;

use crate::RunRequest;
use crate::language::{Language, RuntimeConfig};
use crate::outcome::{Diagnostic, ErrorInfo, RunOutcome, Severity, Span, StackFrame, Status};
use crate::typescript::StripError;

/// Shifts snippet positions to file positions.
struct Placement {
    first_line: u32,
    first_column: u32,
}

impl Placement {
    fn new(request: &RunRequest) -> Self {
        Self {
            first_line: request.first_line.max(1),
            first_column: request.first_column.max(1),
        }
    }

    fn line(&self, line: u32) -> u32 {
        if line == 0 {
            0
        } else {
            self.first_line + line - 1
        }
    }

    fn column(&self, line: u32, column: u32) -> u32 {
        if line == 1 && column > 0 {
            column + self.first_column - 1
        } else {
            column
        }
    }

    fn span(&self, line: u32, column: u32, end_line: u32, end_column: u32) -> Span {
        let (end_line, end_column) = if end_line == 0 {
            (line, column)
        } else {
            (end_line, end_column)
        };
        Span {
            line: self.line(line),
            column: self.column(line, column),
            end_line: self.line(end_line),
            end_column: self.column(end_line, end_column),
        }
    }

    /// The snippet's first line, for problems with no better place.
    fn start(&self) -> Span {
        self.span(1, 1, 1, 1)
    }
}

fn frame(placement: &Placement, request: &RunRequest, frame: Frame) -> StackFrame {
    let in_snippet = frame.filename == request.filename;
    let span = if in_snippet {
        placement.span(frame.line, frame.column, frame.end_line, frame.end_column)
    } else {
        let end_line = if frame.end_line == 0 {
            frame.line
        } else {
            frame.end_line
        };
        let end_column = if frame.end_line == 0 {
            frame.column
        } else {
            frame.end_column
        };
        Span {
            line: frame.line,
            column: frame.column,
            end_line,
            end_column,
        }
    };
    StackFrame {
        function: frame.function,
        file: frame.filename,
        in_snippet,
        span,
    }
}

/// The diagnostic for an error: at the innermost frame in the snippet, with the outer
/// snippet frames as related places.
fn error_diagnostic(error: &ErrorInfo, fallback: Span) -> Diagnostic {
    let mut own: Vec<&StackFrame> = error
        .frames
        .iter()
        .filter(|f| f.in_snippet && f.span.line > 0)
        .collect();
    let innermost = own.pop();
    let message = if error.message.is_empty() {
        error.kind.clone()
    } else {
        format!("{}: {}", error.kind, error.message)
    };
    Diagnostic {
        span: innermost.map(|f| f.span).unwrap_or(fallback),
        severity: Severity::Error,
        message,
        related: own.into_iter().rev().cloned().collect(),
    }
}

fn limit_error(kind: &str, message: String) -> ErrorInfo {
    ErrorInfo {
        kind: kind.to_owned(),
        traceback: format!("{kind}: {message}"),
        message,
        frames: Vec::new(),
    }
}

pub(crate) fn outcome(
    request: &RunRequest,
    config: &RuntimeConfig,
    execution: Execution,
) -> RunOutcome {
    let placement = Placement::new(request);
    let limits = &request.options.limits;
    let mut value = None;
    let mut exit_code = None;
    let mut report = None;
    let (status, error) = match execution.termination {
        Termination::Returned(GuestResult {
            value: v,
            error,
            exit_code: code,
            report: reported,
        }) => {
            value = v;
            exit_code = code;
            report = reported
                .map(|json| serde_json::from_str(&json).unwrap_or(serde_json::Value::String(json)));
            match (error, code) {
                (Some(error), _) => {
                    let info = ErrorInfo {
                        frames: error
                            .frames
                            .into_iter()
                            .map(|f| frame(&placement, request, f))
                            .collect(),
                        kind: error.kind,
                        message: error.message,
                        traceback: error.traceback,
                    };
                    let out_of_memory = matches!(
                        info.kind.as_str(),
                        "MemoryError" | "InternalError" | "RangeError"
                    ) && (info.kind == "MemoryError"
                        || info.message.contains("out of memory"));
                    let status = if execution.hit_memory_limit && out_of_memory {
                        Status::MemoryLimit
                    } else {
                        Status::Error
                    };
                    (status, Some(info))
                }
                (None, Some(code)) if code != 0 => (
                    Status::Error,
                    Some(limit_error(
                        "SystemExit",
                        format!("the snippet exited with code {code}"),
                    )),
                ),
                (None, _) => (Status::Ok, None),
            }
        }
        Termination::Exited(code) => {
            exit_code = Some(code);
            if code == 0 {
                (Status::Ok, None)
            } else {
                (
                    Status::Error,
                    Some(command_error(
                        request,
                        config,
                        &execution.stderr.text,
                        code,
                        &placement,
                    )),
                )
            }
        }
        Termination::Timeout => (
            Status::Timeout,
            Some(limit_error(
                "Timeout",
                format!("stopped after {} (time limit)", humanize(limits.timeout)),
            )),
        ),
        Termination::FuelExhausted => (
            Status::Timeout,
            Some(limit_error(
                "Timeout",
                format!(
                    "stopped after {} instructions (fuel limit)",
                    limits.fuel.unwrap_or_default()
                ),
            )),
        ),
        Termination::MemoryLimit(detail) => (
            Status::MemoryLimit,
            Some(limit_error(
                "MemoryLimit",
                format!(
                    "stopped at the memory limit of {} ({detail})",
                    bytes(limits.memory_bytes)
                ),
            )),
        ),
        Termination::OutputLimit => (
            Status::OutputLimit,
            Some(limit_error(
                "OutputLimit",
                format!(
                    "stopped after printing more than {} (output limit)",
                    bytes(limits.stdout_bytes.min(limits.stderr_bytes))
                ),
            )),
        ),
        Termination::Cancelled => (
            Status::Cancelled,
            Some(limit_error("Cancelled", "cancelled".into())),
        ),
        Termination::Trap(message) => (Status::Error, Some(limit_error("Trap", message))),
    };
    let diagnostics = match &error {
        Some(error) if !(status == Status::Error && error.kind == "ExitCode") => {
            vec![error_diagnostic(error, placement.start())]
        }
        Some(error) => command_diagnostics(error),
        None => Vec::new(),
    };
    RunOutcome {
        status,
        language: request.language.id().to_owned(),
        stdout: execution.stdout.text,
        stderr: execution.stderr.text,
        output_truncated: execution.stdout.truncated || execution.stderr.truncated,
        value,
        error,
        exit_code,
        diagnostics,
        duration_ms: execution.duration.as_secs_f64() * 1000.0,
        memory_bytes: execution.peak_memory_bytes as u64,
        fuel_consumed: execution.fuel_consumed,
        report,
    }
}

/// A command module's failure: its stderr matched against the runtime's error pattern.
fn command_error(
    request: &RunRequest,
    config: &RuntimeConfig,
    stderr: &str,
    code: i32,
    placement: &Placement,
) -> ErrorInfo {
    let pattern = match &request.language {
        Language::Custom(id) => config
            .custom
            .get(id)
            .and_then(|rt| rt.error_pattern.as_deref()),
        _ => None,
    };
    let regex = pattern.and_then(|p| match Regex::new(p) {
        Ok(regex) => Some(regex),
        Err(err) => {
            tracing::warn!("invalid errorPattern for {}: {err}", request.language);
            None
        }
    });
    let mut frames = Vec::new();
    let mut message = None;
    if let Some(regex) = &regex {
        for caps in stderr.lines().filter_map(|line| regex.captures(line)) {
            let Some(line) = caps
                .name("line")
                .and_then(|m| m.as_str().parse::<u32>().ok())
            else {
                continue;
            };
            let column = caps
                .name("column")
                .and_then(|m| m.as_str().parse::<u32>().ok())
                .unwrap_or(0);
            if message.is_none() {
                message = caps.name("message").map(|m| m.as_str().trim().to_owned());
            }
            frames.push(StackFrame {
                function: String::new(),
                file: request.filename.clone(),
                in_snippet: true,
                span: placement.span(line, column, 0, 0),
            });
        }
    }
    let last_line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let message = message.unwrap_or_else(|| {
        if last_line.is_empty() {
            format!("exited with code {code}")
        } else {
            last_line.to_owned()
        }
    });
    if frames.is_empty() {
        frames.push(StackFrame {
            function: String::new(),
            file: request.filename.clone(),
            in_snippet: true,
            span: placement.start(),
        });
    }
    ErrorInfo {
        kind: "ExitCode".into(),
        message,
        traceback: stderr.to_owned(),
        frames,
    }
}

/// One diagnostic per place a command's stderr named (first is the main one).
fn command_diagnostics(error: &ErrorInfo) -> Vec<Diagnostic> {
    error
        .frames
        .iter()
        .map(|f| Diagnostic {
            span: f.span,
            severity: Severity::Error,
            message: error.message.clone(),
            related: Vec::new(),
        })
        .take(1)
        .collect()
}

/// Cancelled while its runtime was still loading: nothing ran.
pub(crate) fn cancelled_before_start(request: &RunRequest) -> RunOutcome {
    let error = limit_error("Cancelled", "cancelled before the snippet started".into());
    RunOutcome {
        status: Status::Cancelled,
        language: request.language.id().to_owned(),
        stdout: String::new(),
        stderr: String::new(),
        output_truncated: false,
        value: None,
        diagnostics: vec![error_diagnostic(&error, Placement::new(request).start())],
        error: Some(error),
        exit_code: None,
        duration_ms: 0.0,
        memory_bytes: 0,
        fuel_consumed: None,
        report: None,
    }
}

/// TypeScript that could not be stripped never reaches the sandbox.
pub(crate) fn strip_failure(request: &RunRequest, err: StripError) -> RunOutcome {
    let placement = Placement::new(request);
    let span = if err.line == 0 {
        placement.start()
    } else {
        placement.span(err.line, err.column, 0, 0)
    };
    let error = ErrorInfo {
        kind: err.kind.to_owned(),
        message: err.message.clone(),
        traceback: format!(
            "{}:{}:{}\n{}: {}",
            request.filename, span.line, span.column, err.kind, err.message
        ),
        frames: vec![StackFrame {
            function: "<module>".into(),
            file: request.filename.clone(),
            in_snippet: true,
            span,
        }],
    };
    let diagnostics = vec![error_diagnostic(&error, span)];
    RunOutcome {
        status: Status::Error,
        language: request.language.id().to_owned(),
        stdout: String::new(),
        stderr: String::new(),
        output_truncated: false,
        value: None,
        error: Some(error),
        exit_code: None,
        diagnostics,
        duration_ms: 0.0,
        memory_bytes: 0,
        fuel_consumed: None,
        report: None,
    }
}

/// A provided TypeScript module that could not be stripped: the error names the module and
/// its frame points into it (the diagnostic falls back to the snippet's start).
pub(crate) fn module_strip_failure(
    request: &RunRequest,
    module: &str,
    err: StripError,
) -> RunOutcome {
    let placement = Placement::new(request);
    let message = format!("in module '{module}': {}", err.message);
    let error = ErrorInfo {
        kind: err.kind.to_owned(),
        traceback: format!(
            "{module}:{}:{}\n{}: {message}",
            err.line, err.column, err.kind
        ),
        message,
        frames: vec![StackFrame {
            function: "<module>".into(),
            file: module.to_owned(),
            in_snippet: false,
            span: Span {
                line: err.line,
                column: err.column,
                end_line: err.line,
                end_column: err.column,
            },
        }],
    };
    let diagnostics = vec![error_diagnostic(&error, placement.start())];
    RunOutcome {
        status: Status::Error,
        language: request.language.id().to_owned(),
        stdout: String::new(),
        stderr: String::new(),
        output_truncated: false,
        value: None,
        error: Some(error),
        exit_code: None,
        diagnostics,
        duration_ms: 0.0,
        memory_bytes: 0,
        fuel_consumed: None,
        report: None,
    }
}

fn humanize(d: std::time::Duration) -> String {
    if d.as_millis().is_multiple_of(1000) {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}
