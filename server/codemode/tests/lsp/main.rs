//! The language server end to end: the real `codemode lsp` binary driven over its stdio by a
//! small client (`client`), asserted with JSON snapshots.
//!
//! `runs`: open → code action → execute → diagnostics and `codemode/runResult`, per language
//! and kind of snippet; code lenses. `bad_input`: what a client can get wrong, each test
//! ending with the server still answering and exiting cleanly.

mod bad_input;
mod client;
mod runs;
mod scrub;
