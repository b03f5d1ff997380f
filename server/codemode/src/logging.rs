//! Logs go to stderr (stdout belongs to the snippet's output or the protocol), filtered by
//! `RUST_LOG` (default: info for codemode's own crates, warnings for everything else).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(
            "warn,codemode=info,codemode_sandbox=info,codemode_runtimes=info,codemode_mcp=info",
        )
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Editors show the server's stderr in an output panel: colours only on a terminal.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .compact()
        .try_init();
}
