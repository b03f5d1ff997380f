//! The protocol-free service under both fronts (LSP, MCP): open documents and their
//! snapshots, positions and edits, settings, and runs of snippets in the sandbox. Everything
//! here speaks plain Rust types; `server/codemode/src/lsp` (and later `mcp`) convert at the
//! edge.

pub mod ai;
pub mod model;
pub mod pii;
pub mod run;
pub mod settings;
pub mod testing;
pub mod text;
pub mod tools;

pub use run::{RunError, RunTarget, SnippetRun};
pub use settings::Settings;
