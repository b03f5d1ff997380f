//! Plain Rust mirrors of the `codemode:runtime` WIT types, so nothing above this crate sees
//! a Wasmtime type. The WIT file (`server/guests/wit/runtime.wit`) is the specification.

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

/// What an interpreter guest is asked to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestRequest {
    pub code: String,
    pub filename: String,
    pub show_last_value: bool,
    /// Sources importable by this run only.
    pub modules: Vec<GuestModule>,
}

/// A module the snippet can import in one run: a dotted name for Python (`servers.github`),
/// an import specifier for JavaScript (`skills/summarize`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestModule {
    pub name: String,
    pub source: String,
}

/// One stack frame, positions 1-based and relative to `filename` (0 = unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub filename: String,
    pub function: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// An uncaught error in the snippet, as the guest interpreter describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestError {
    pub kind: String,
    pub message: String,
    pub traceback: String,
    /// Outermost first; the innermost frame is where it was raised.
    pub frames: Vec<Frame>,
}

/// What the guest returned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GuestResult {
    pub value: Option<String>,
    pub error: Option<GuestError>,
    pub exit_code: Option<i32>,
    /// JSON text passed to `codemode.report(value)`, if the snippet called it.
    pub report: Option<String>,
}

/// The host side of the guest's `call-tool` import: upstream tools, with policy applied by the
/// implementor. Results and arguments are JSON text; an `Err` is a message for the snippet.
pub trait ToolHost: Send + Sync {
    fn call_tool(
        &self,
        name: String,
        args_json: String,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send + 'static>>;
}
