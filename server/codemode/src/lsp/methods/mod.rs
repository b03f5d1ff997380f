//! One file per LSP method (or small family of methods).

pub mod code_action;
pub mod code_lens;
pub mod configuration;
pub mod execute_command;
pub mod initialize;
pub mod text_document;
