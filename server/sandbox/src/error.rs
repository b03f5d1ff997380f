//! Errors at the sandbox boundary. A snippet's own failure is not an error here: it is an
//! [`crate::Termination`] inside a successful [`crate::Execution`]. These are failures of the
//! sandbox itself (a guest that does not compile, a grant that cannot be honoured).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("could not configure the WebAssembly engine: {0}")]
    Engine(String),
    #[error("the {name} runtime is not a valid WebAssembly guest: {message}")]
    InvalidGuest { name: String, message: String },
    #[error(
        "the {name} runtime does not fit the sandbox (missing or mismatched imports): {message}"
    )]
    Link { name: String, message: String },
    #[error("cannot grant directory {path}: {message}")]
    Grant { path: PathBuf, message: String },
    #[error(
        "a fuel limit needs fuel metering, which is chosen when codemode starts: set \
         `limits.fuel` in the configuration file or the editor's settings (or pass `--fuel` to \
         `codemode run`) and restart"
    )]
    FuelUnavailable,
    #[error("could not start the snippet: {0}")]
    Instantiate(String),
}

impl SandboxError {
    pub(crate) fn invalid_guest(name: &str, err: impl std::fmt::Display) -> Self {
        Self::InvalidGuest {
            name: name.to_owned(),
            message: format!("{err:#}"),
        }
    }
}
