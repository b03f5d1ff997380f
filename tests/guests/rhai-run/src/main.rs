//! `rhai-run [FILE]`: evaluates a Rhai script from FILE, or from stdin without one, as a
//! WASI preview 1 command, to test codemode's bring-your-own runtimes with a real language.
//!
//! - `print(..)` writes a line to stdout, `debug(..)` to stderr; the value of the final
//!   expression is not printed.
//! - A parse or runtime error prints one line, `snippet.rhai:LINE:COL: MESSAGE`, to stderr
//!   and exits with code 1 (positions are 1-based, in the script, from rhai's `Position`).
//! - Three functions beyond plain Rhai let a script look at what the sandbox gave it:
//!   `argv()` (array of strings), `env()` (map of the environment variables) and
//!   `read_file(path)` (a file's text, or a runtime error naming the path).

use std::io::Read;
use std::process::ExitCode;

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map, Position};

/// The name errors are reported under, whatever the input was called.
const SCRIPT_NAME: &str = "snippet.rhai";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let script = match args.get(1).map(String::as_str) {
        Some("-h" | "--help") => {
            eprintln!("usage: rhai-run [FILE]   (without FILE, the script is read from stdin)");
            return ExitCode::SUCCESS;
        }
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("rhai-run: cannot read {path}: {e}"))
        }
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map(|_| text)
                .map_err(|e| format!("rhai-run: cannot read stdin: {e}"))
        }
    };
    let script = match script {
        Ok(script) => script,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match engine().run(&script) {
        Ok(()) => ExitCode::SUCCESS,
        Err(mut err) => {
            eprintln!("{}", error_line(&mut err));
            ExitCode::FAILURE
        }
    }
}

fn engine() -> Engine {
    let mut engine = Engine::new();
    engine
        .register_fn("argv", || -> Array {
            std::env::args().map(Dynamic::from).collect()
        })
        .register_fn("env", || -> Map {
            std::env::vars()
                .map(|(k, v)| (k.into(), Dynamic::from(v)))
                .collect()
        })
        .register_fn(
            "read_file",
            |path: &str| -> Result<String, Box<EvalAltResult>> {
                std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}").into())
            },
        );
    engine
}

/// `snippet.rhai:LINE:COL: MESSAGE` for the innermost error (inside the function that
/// failed, not at its call), with the calls it passed through after the message. The
/// message itself carries no positions: the host shifts only LINE and COL to file
/// coordinates. Without a known position: `snippet.rhai: MESSAGE`.
fn error_line(err: &mut EvalAltResult) -> String {
    let mut calls = Vec::new();
    let mut outer_position = Position::NONE;
    let mut err = err;
    loop {
        match err {
            EvalAltResult::ErrorInFunctionCall(name, _, inner, pos) => {
                calls.push(format!("in call to function '{name}'"));
                outer_position = *pos;
                err = inner;
            }
            EvalAltResult::ErrorInModule(name, inner, pos) => {
                calls.push(format!("in module '{name}'"));
                outer_position = *pos;
                err = inner;
            }
            _ => break,
        }
    }
    let mut position = err.take_position();
    if position.is_none() {
        position = outer_position;
    }
    // Multi-line messages (rare) are folded so the error stays on one line.
    let mut message = err.to_string().lines().collect::<Vec<_>>().join("; ");
    if !calls.is_empty() {
        calls.reverse();
        message = format!("{message} ({})", calls.join(", "));
    }
    match position.line() {
        Some(line) => {
            let column = position.position().unwrap_or(1);
            format!("{SCRIPT_NAME}:{line}:{column}: {message}")
        }
        None => format!("{SCRIPT_NAME}: {message}"),
    }
}
