//! Times the phases of a run natively: `cargo run --release --example bench`.
#![allow(clippy::print_stdout, clippy::print_stderr)]
use codemode_quickjs_guest::engine::{self, Host, Request, Stream};
use rquickjs::{Context, Runtime};
use std::{rc::Rc, time::Instant};
struct Null;
impl Host for Null {
    fn write(&self, _: Stream, _: &str) {}
    fn call_tool(&self, _: &str, _: &str) -> Result<String, String> {
        Ok("null".into())
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
    fn sleep_ms(&self, _: f64) {}
}
fn main() {
    let mut best = [f64::MAX; 3];
    for _ in 0..300 {
        // Runtime and context alone, for comparison.
        let t = Instant::now();
        let rt = Runtime::new().unwrap();
        let ctx = Context::full(&rt).unwrap();
        let t2 = t.elapsed().as_secs_f64() * 1e6;
        std::mem::forget(ctx);
        std::mem::forget(rt);
        let t = Instant::now();
        let _ = engine::run(
            &Request {
                code: "",
                filename: "<snippet>",
                show_last_value: true,
                modules: &[],
            },
            Rc::new(Null),
        );
        best[2] = best[2].min(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        let _ = engine::run(
            &Request {
                code: "console.log(1+1)",
                filename: "<snippet>",
                show_last_value: true,
                modules: &[],
            },
            Rc::new(Null),
        );
        let t3 = t.elapsed().as_secs_f64() * 1e6;
        best[0] = best[0].min(t2);
        best[1] = best[1].min(t3);
    }
    eprintln!(
        "min: runtime+context {:.0}µs, full run {:.0}µs, empty run {:.0}µs",
        best[0], best[1], best[2]
    );
}
