//! Runs a JS file through the engine natively (no wasm): `cargo run --example run -- FILE`.
//! Prints what the snippet printed, then the outcome on stderr.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::{io::Write, rc::Rc, time::Instant};

use codemode_quickjs_guest::engine::{self, Host, Request, Stream};

struct Native(Instant);

impl Host for Native {
    fn write(&self, stream: Stream, text: &str) {
        match stream {
            Stream::Stdout => {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(text.as_bytes());
                let _ = o.flush();
            }
            Stream::Stderr => {
                let _ = std::io::stderr().lock().write_all(text.as_bytes());
            }
        }
    }
    fn call_tool(&self, name: &str, args_json: &str) -> Result<String, String> {
        match name {
            "fail" => Err(format!("tool {name} failed")),
            _ => Ok(format!("{{\"tool\":\"{name}\",\"args\":{args_json}}}")),
        }
    }
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1000.0
    }
    fn sleep_ms(&self, ms: f64) {
        std::thread::sleep(std::time::Duration::from_secs_f64(ms.max(0.0) / 1000.0));
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: run FILE");
    let code = std::fs::read_to_string(&path).expect("read file");
    let quiet = std::env::var_os("QUIET").is_some();
    let t = Instant::now();
    let outcome = engine::run(
        &Request {
            code: &code,
            filename: "<snippet>",
            show_last_value: true,
            modules: &[],
        },
        Rc::new(Native(Instant::now())),
    );
    if !quiet {
        eprintln!("--- {:?} in {:?}", outcome, t.elapsed());
    }
    if let Some(e) = &outcome.error {
        if quiet {
            eprintln!("{}", e.traceback);
        }
        std::process::exit(1);
    }
    std::process::exit(outcome.exit_code.unwrap_or(0));
}
