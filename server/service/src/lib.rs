//! The protocol-free service under both fronts (LSP, MCP): open documents and their
//! snapshots, positions and edits, and runs of snippets in the sandbox. Everything here speaks
//! plain Rust types; `server/codemode/src/lsp` and `.../mcp` convert at the edge.

pub mod text;
