//! The codemode sandbox: the one crate that knows Wasmtime.
//!
//! * One [`Sandbox`] per process holds the `Engine`, the linkers, the epoch ticker and the
//!   compiled-code cache.
//! * Guests are compiled once (or loaded from the cache) into pre-linked [`Interpreter`]s
//!   (components of the `codemode:runtime` world) and [`Command`]s (WASI command modules).
//! * Every run gets a fresh `Store` and instance, its own [`Limits`] and [`Grants`], and a
//!   [`CancelHandle`]; it ends in an [`Execution`], whatever the guest does.

mod cache;
mod cancel;
mod command;
mod engine;
mod error;
mod guest;
mod interpreter;
mod limits;
mod output;
mod run;
mod ticker;

pub use cache::{CodeCache, wasmtime_version};
pub use cancel::CancelHandle;
pub use command::{Command, CommandInput, INPUT_MOUNT};
pub use engine::{EngineOptions, LoadInfo, LoadSource, MAX_CONCURRENT_RUNS, Sandbox};
pub use error::SandboxError;
pub use guest::{Frame, GuestError, GuestModule, GuestRequest, GuestResult, ToolHost};
pub use interpreter::Interpreter;
pub use limits::{Grants, Limits, SCRATCH_MOUNT, WORKSPACE_MOUNT};
pub use output::Captured;
pub use run::{Execution, RunOptions, Termination};
pub use ticker::TICK;
