//! The JavaScript guest of codemode: QuickJS-ng (through rquickjs) exporting the
//! `codemode:runtime` world as a WASI p2 component.
//!
//! - `engine`: one run in a fresh QuickJS runtime (natives, prelude, event loop, outcome);
//! - `report`: plain-Rust stack parsing and traceback rendering;
//! - `js/prelude.js` (compiled to bytecode by `build.rs`): console and `util.inspect`, timers,
//!   `process`, and the other node globals.

pub mod engine;
pub mod report;

#[cfg(target_arch = "wasm32")]
mod guest {
    use std::{io::Write, rc::Rc, time::Instant};

    use crate::engine::{self, Host, Request, Stream};

    wit_bindgen::generate!({ path: "../wit", world: "runtime-with-init" });

    use exports::codemode::runtime::guest::{ErrorInfo, Frame, RunRequest, RunResult};

    struct Wasi {
        start: Instant,
    }

    impl Host for Wasi {
        fn write(&self, stream: Stream, text: &str) {
            // Unbuffered: what a snippet printed before running away must still reach the host.
            let _ = match stream {
                Stream::Stdout => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes()).and_then(|()| out.flush())
                }
                Stream::Stderr => std::io::stderr().lock().write_all(text.as_bytes()),
            };
        }

        fn call_tool(&self, name: &str, args_json: &str) -> Result<String, String> {
            codemode::runtime::host::call_tool(name, args_json)
        }

        fn env(&self) -> Vec<(String, String)> {
            std::env::vars().collect()
        }

        fn random_seed(&self) -> u64 {
            unsafe extern "C" {
                /// wasi-libc, over WASI `random`.
                fn getentropy(buffer: *mut u8, len: usize) -> i32;
            }
            let mut seed = [0u8; 8];
            // SAFETY: `seed` is valid for writes of its length, at most 256 bytes as asked.
            #[allow(unsafe_code)]
            let ok = unsafe { getentropy(seed.as_mut_ptr(), seed.len()) } == 0;
            if ok {
                u64::from_le_bytes(seed)
            } else {
                self.start.elapsed().as_nanos() as u64
            }
        }

        fn now_ms(&self) -> f64 {
            self.start.elapsed().as_secs_f64() * 1000.0
        }

        fn sleep_ms(&self, ms: f64) {
            // In slices, coming back to wasm in between: a blocking host call is not interrupted
            // by Wasmtime's epoch deadline, wasm code is.
            let until = self.now_ms() + ms;
            loop {
                let left = until - self.now_ms();
                if left <= 0.0 {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_secs_f64(left.min(20.0) / 1000.0));
            }
        }
    }

    struct Component;

    impl Guest for Component {
        fn wizer_initialize() {
            engine::prepare();
        }
    }

    impl exports::codemode::runtime::guest::Guest for Component {
        fn run(request: RunRequest) -> RunResult {
            let host = Rc::new(Wasi {
                start: Instant::now(),
            });
            let modules: Vec<(String, String)> = request
                .modules
                .into_iter()
                .map(|m| (m.name, m.source))
                .collect();
            let outcome = engine::run(
                &Request {
                    code: &request.code,
                    filename: &request.filename,
                    show_last_value: request.show_last_value,
                    modules: &modules,
                },
                host,
            );
            RunResult {
                value: outcome.value,
                error: outcome.error.map(|e| ErrorInfo {
                    kind: e.kind,
                    message: e.message,
                    traceback: e.traceback,
                    frames: e
                        .frames
                        .into_iter()
                        .map(|f| Frame {
                            filename: f.filename,
                            function: f.function,
                            line: f.line,
                            column: f.column,
                            end_line: 0,
                            end_column: 0,
                        })
                        .collect(),
                }),
                exit_code: outcome.exit_code,
                report: outcome.report,
            }
        }
    }

    export!(Component);
}
