//! `codemode run FILE|-`: run a file, or some of its lines, and report like the interpreter
//! would (or as JSON).

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use codemode_runtimes::{Language, RunOutcome, RunRequest, Status};

use crate::units;
use codemode_service::Settings;

#[derive(clap::Args)]
pub struct Args {
    /// The file to run, or `-` for stdin.
    file: String,
    /// Language (python, javascript, typescript, or a configured runtime). Default: from the
    /// file's extension.
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// Run only these lines of the file (1-based, inclusive), e.g. `3:10`.
    #[arg(long, value_name = "A:B", value_parser = units::parse_lines)]
    lines: Option<(u32, u32)>,
    /// Wall-clock limit, e.g. `3s`, `500ms` (default 10s).
    #[arg(long, value_name = "DURATION", value_parser = units::parse_duration)]
    timeout: Option<Duration>,
    /// Memory limit, e.g. `256M`, `1G` (default 256M).
    #[arg(long, value_name = "SIZE", value_parser = units::parse_size)]
    memory: Option<usize>,
    /// Instruction budget (Wasmtime fuel) for deterministic limits. Default: none.
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Cap on each of stdout and stderr, e.g. `1M` (default 1M).
    #[arg(long, value_name = "SIZE", value_parser = units::parse_size)]
    max_output: Option<usize>,
    /// Grant read-only access to this directory, mounted at /workspace.
    #[arg(long, value_name = "DIR")]
    allow_read: Option<PathBuf>,
    /// Give the run a private, writable /tmp that is deleted afterwards.
    #[arg(long)]
    scratch: bool,
    /// Pass an environment variable to the snippet (repeatable): `--env KEY=VALUE`.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env)]
    env: Vec<(String, String)>,
    /// Print the structured outcome as JSON on stdout instead of the snippet's output.
    #[arg(long)]
    json: bool,
}

fn parse_env(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

pub async fn run(args: Args, settings: Settings) -> anyhow::Result<ExitCode> {
    let (source, filename, path) = if args.file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the snippet from stdin")?;
        (text, "<stdin>".to_owned(), None)
    } else {
        let path = PathBuf::from(&args.file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        (text, args.file.clone(), Some(path))
    };
    let language = match (&args.lang, &path) {
        (Some(id), _) => Language::from_id(id, &settings.runtimes).with_context(|| {
            format!("unknown language `{id}` (built in: python, javascript, typescript; others can be configured)")
        })?,
        (None, Some(path)) => Language::from_path(path, &settings.runtimes).with_context(|| {
            format!("cannot tell the language of {} from its extension: pass --lang", path.display())
        })?,
        (None, None) => bail!("pass --lang when reading from stdin"),
    };

    let (code, first_line) = match args.lines {
        None => (source, 1),
        Some((a, b)) => (select_lines(&source, a, b)?, a),
    };

    let mut request = RunRequest::new(language, code, filename);
    request.first_line = first_line;
    // Like `python file.py`, a plain run shows what the program prints; the trailing
    // expression's value (REPL style) is part of the JSON outcome.
    request.show_last_value = args.json;
    let limits = &mut request.options.limits;
    *limits = settings.limits.clone();
    if let Some(timeout) = args.timeout {
        limits.timeout = timeout;
    }
    if let Some(memory) = args.memory {
        limits.memory_bytes = memory;
    }
    if args.fuel.is_some() {
        limits.fuel = args.fuel;
    }
    if let Some(max) = args.max_output {
        limits.stdout_bytes = max;
        limits.stderr_bytes = max;
    }
    let grants = &mut request.options.grants;
    *grants = settings.grants.clone();
    if let Some(dir) = args.allow_read {
        if !dir.is_dir() {
            bail!("--allow-read {}: not a directory", dir.display());
        }
        grants.workspace = Some(dir);
    }
    grants.scratch |= args.scratch;
    grants.env.extend(args.env);

    let runtimes = super::runtimes(&settings, args.fuel.is_some())?;
    let outcome = runtimes.run(request).await?;
    if args.json {
        print_json(&outcome)?;
    } else {
        print_plain(&outcome)?;
    }
    Ok(if outcome.status.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn select_lines(source: &str, a: u32, b: u32) -> anyhow::Result<String> {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    if a as usize > lines.len() {
        bail!("--lines {a}:{b}: the file has only {} lines", lines.len());
    }
    let end = (b as usize).min(lines.len());
    Ok(lines[a as usize - 1..end].concat())
}

fn print_json(outcome: &RunOutcome) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, outcome)?;
    writeln!(stdout)?;
    Ok(())
}

/// The snippet's stdout and stderr as the interpreter would print them, then its traceback
/// (or the limit it hit) on stderr.
fn print_plain(outcome: &RunOutcome) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(outcome.stdout.as_bytes())?;
    stdout.flush()?;
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(outcome.stderr.as_bytes())?;
    if let Some(error) = &outcome.error {
        match outcome.status {
            Status::Error
                if !error.traceback.is_empty()
                    && error.kind != "ExitCode"
                    && error.kind != "SystemExit" =>
            {
                stderr.write_all(error.traceback.as_bytes())?;
                if !error.traceback.ends_with('\n') {
                    writeln!(stderr)?;
                }
            }
            Status::Error if error.kind == "ExitCode" || error.kind == "SystemExit" => {}
            _ => writeln!(stderr, "codemode: {}: {}", error.kind, error.message)?,
        }
    }
    Ok(())
}
