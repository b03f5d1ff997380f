//! One module per subcommand; each converts arguments, calls the runtimes, converts back.

pub mod doctor;
pub mod mcp;
pub mod precompile;
pub mod run;

use codemode_runtimes::{CodeCache, Runtimes, Sandbox};

use codemode_service::Settings;

/// The process's sandbox and runtimes, with the compiled-code cache in the user's cache dir.
pub fn runtimes(settings: &Settings) -> anyhow::Result<Runtimes> {
    let sandbox = Sandbox::new(CodeCache::new(CodeCache::default_dir()))?;
    Ok(Runtimes::new(sandbox, settings.runtimes.clone()))
}

/// Prints an error that stopped a command, with its causes, for a person to act on.
#[allow(clippy::print_stderr)]
pub fn report_error(err: &anyhow::Error) {
    eprintln!("codemode: {err:#}");
}
