//! `codemode`: run snippets of the document you are editing in a WebAssembly sandbox.
//!
//! This binary is the protocol edge: it parses the command line (later also speaks LSP and
//! MCP) and calls the protocol-free layers below. Stdout belongs to the snippet's output (and
//! later to the protocol); logs go to stderr.

mod cmd;
mod logging;
mod lsp;
mod units;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "codemode", version = version(), about, propagate_version = true)]
struct Cli {
    /// Settings file (JSON): limits and custom runtimes. Default: $CODEMODE_CONFIG.
    #[arg(long, global = true, env = "CODEMODE_CONFIG", value_name = "FILE")]
    config: Option<std::path::PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a file (or stdin) in the sandbox.
    Run(cmd::run::Args),
    /// Compile the sandbox runtimes into the cache now, so the first run is fast.
    Precompile(cmd::precompile::Args),
    /// Check the installation: runtimes, cache, sandbox isolation.
    Doctor(cmd::doctor::Args),
    /// Serve the Language Server Protocol over stdio.
    Lsp,
    /// Serve MCP in code mode (execute_code over upstream MCP tools), over stdio or HTTP.
    Mcp(cmd::mcp::Args),
}

fn version() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (wasmtime 48.0.8)")
}

fn main() -> ExitCode {
    logging::init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return ExitCode::from(2);
        }
    };
    let result = runtime.block_on(async move {
        let settings = codemode_service::Settings::load(cli.config.as_deref())?;
        match cli.command {
            Command::Run(args) => cmd::run::run(args, settings).await,
            Command::Precompile(args) => cmd::precompile::run(args, settings).await,
            Command::Doctor(args) => cmd::doctor::run(args, settings).await,
            Command::Lsp => lsp::serve(settings).await.map(|()| ExitCode::SUCCESS),
            Command::Mcp(args) => cmd::mcp::run(args, settings).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            cmd::report_error(&err);
            ExitCode::from(2)
        }
    }
}
