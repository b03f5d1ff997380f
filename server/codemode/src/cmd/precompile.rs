//! `codemode precompile`: compile the runtimes into the cache ahead of first use.

use std::process::ExitCode;

use codemode_runtimes::{Language, LoadSource};

use codemode_service::Settings;

#[derive(clap::Args)]
pub struct Args {
    /// Only these languages (default: every built-in and configured runtime).
    #[arg(long = "lang", value_name = "LANG")]
    langs: Vec<String>,
}

#[allow(clippy::print_stdout)]
pub async fn run(args: Args, settings: Settings) -> anyhow::Result<ExitCode> {
    let runtimes = super::runtimes(&settings, false)?;
    let languages = super::doctor::languages(&args.langs, &settings)?;
    let mut failed = false;
    for language in languages {
        if language == Language::TypeScript {
            continue; // same runtime as JavaScript
        }
        let started = std::time::Instant::now();
        match runtimes.warm(&language).await {
            Ok(Some(info)) => {
                let how = match info.source {
                    LoadSource::Cache => "already cached",
                    LoadSource::Compiled => "compiled",
                };
                let at = info
                    .artefact
                    .map(|p| format!(" → {}", p.display()))
                    .unwrap_or_default();
                println!("{language}: {how} in {:.1?}{at}", started.elapsed());
            }
            Ok(None) => println!("{language}: ready"),
            Err(err) => {
                failed = true;
                println!("{language}: FAILED: {err}");
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
