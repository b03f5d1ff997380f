//! One module per subcommand; each converts arguments, calls the runtimes, converts back.

pub mod doctor;
pub mod mcp;
pub mod precompile;
pub mod run;

use codemode_runtimes::{CodeCache, EngineOptions, Runtimes, Sandbox};

use codemode_service::Settings;

/// The process's sandbox and runtimes, with the compiled-code cache in the user's cache dir.
/// `fuel`: a run of this process will ask for a fuel budget (beyond `limits.fuel`).
pub fn runtimes(settings: &Settings, fuel: bool) -> anyhow::Result<Runtimes> {
    let sandbox = Sandbox::with_options(
        CodeCache::new(CodeCache::default_dir()),
        engine_options(settings, fuel),
    )?;
    Ok(Runtimes::new(sandbox, settings.runtimes.clone()))
}

/// Fuel metering is compiled in only when the settings (or the command line) ask for a fuel
/// budget: it costs about a fifth of CPython's speed.
pub fn engine_options(settings: &Settings, fuel: bool) -> EngineOptions {
    EngineOptions {
        fuel_metering: fuel || settings.limits.fuel.is_some(),
    }
}

/// Prints an error that stopped a command, with its causes, for a person to act on.
#[allow(clippy::print_stderr)]
pub fn report_error(err: &anyhow::Error) {
    eprintln!("codemode: {err:#}");
}
