//! The engine run natively (no wasm) against a host with captured output and a virtual clock.

use std::{cell::RefCell, rc::Rc};

use codemode_quickjs_guest::engine::{self, Host, Outcome, Request, Stream};

#[derive(Default)]
struct TestHost {
    stdout: RefCell<String>,
    stderr: RefCell<String>,
    clock: RefCell<f64>,
    calls: RefCell<Vec<(String, String)>>,
}

impl Host for TestHost {
    fn write(&self, stream: Stream, text: &str) {
        match stream {
            Stream::Stdout => self.stdout.borrow_mut().push_str(text),
            Stream::Stderr => self.stderr.borrow_mut().push_str(text),
        }
    }
    fn call_tool(&self, name: &str, args_json: &str) -> Result<String, String> {
        self.calls
            .borrow_mut()
            .push((name.into(), args_json.into()));
        match name {
            "math.add" => Ok(r#"{"sum": 3}"#.into()),
            _ => Err(format!("unknown tool {name}")),
        }
    }
    fn now_ms(&self) -> f64 {
        *self.clock.borrow()
    }
    fn sleep_ms(&self, ms: f64) {
        *self.clock.borrow_mut() += ms.max(0.0);
    }
}

fn run_with(code: &str, show_last_value: bool) -> (Outcome, Rc<TestHost>) {
    let host = Rc::new(TestHost::default());
    let outcome = engine::run(
        &Request {
            code,
            filename: "<snippet>",
            show_last_value,
            modules: &[],
        },
        host.clone(),
    );
    (outcome, host)
}

fn run(code: &str) -> (Outcome, String) {
    let (outcome, host) = run_with(code, true);
    let out = host.stdout.borrow().clone();
    (outcome, out)
}

#[test]
fn last_value_is_inspected() {
    assert_eq!(run("1 + 2").0.value.as_deref(), Some("3"));
    assert_eq!(run("'abc'").0.value.as_deref(), Some("'abc'"));
    assert_eq!(
        run("({ a: 1, b: [1, 2] })").0.value.as_deref(),
        Some("{ a: 1, b: [ 1, 2 ] }")
    );
    assert_eq!(
        run("const x = await Promise.resolve(41); x + 1")
            .0
            .value
            .as_deref(),
        Some("42")
    );
    assert_eq!(run("undefined").0.value, None);
    assert_eq!(run("let y = 1").0.value, None);
    assert_eq!(run("console.log('x')").0.value, None);
    assert_eq!(run_with("1 + 2", false).0.value, None);
}

#[test]
fn console_streams_and_format() {
    let (outcome, host) = run_with(
        "console.log('out', 1, [1]); console.error('err %d', 5); console.warn({ w: 1 })",
        false,
    );
    assert_eq!(outcome, Outcome::default());
    assert_eq!(&*host.stdout.borrow(), "out 1 [ 1 ]\n");
    assert_eq!(&*host.stderr.borrow(), "err 5\n{ w: 1 }\n");
}

#[test]
fn uncaught_error_has_kind_message_frames_and_traceback() {
    let code = "console.log('before');\nfunction f() {\n  throw new TypeError('bad');\n}\nf();\nconsole.log('after');";
    let (outcome, out) = run(code);
    assert_eq!(out, "before\n");
    let err = outcome.error.expect("error");
    assert_eq!(err.kind, "TypeError");
    assert_eq!(err.message, "bad");
    let snippet: Vec<_> = err
        .frames
        .iter()
        .filter(|f| f.filename == "<snippet>")
        .collect();
    assert_eq!(snippet.len(), 2, "{:?}", err.frames);
    assert_eq!(
        (snippet[0].function.as_str(), snippet[0].line),
        ("<module>", 5)
    );
    assert_eq!((snippet[1].function.as_str(), snippet[1].line), ("f", 3));
    assert!(snippet[1].column > 0);
    assert!(
        err.traceback
            .starts_with("<snippet>:3\n  throw new TypeError('bad');\n"),
        "{}",
        err.traceback
    );
    assert!(
        err.traceback
            .contains("\n\nTypeError: bad\n    at f (<snippet>:3:"),
        "{}",
        err.traceback
    );
    assert_eq!(outcome.exit_code, None);
}

#[test]
fn syntax_error_has_one_frame_with_position() {
    let (outcome, _) = run("let a = 1;\nlet b = ;\n");
    let err = outcome.error.expect("error");
    assert_eq!(err.kind, "SyntaxError");
    assert_eq!(err.frames.len(), 1, "{:?}", err.frames);
    assert_eq!(err.frames[0].line, 2);
    assert!(err.frames[0].column > 0);
}

#[test]
fn thrown_non_errors() {
    let err = run("throw 'boom'").0.error.expect("error");
    assert_eq!(
        (
            err.kind.as_str(),
            err.message.as_str(),
            err.traceback.as_str()
        ),
        ("string", "'boom'", "Uncaught 'boom'")
    );
    let err = run("throw { code: 1 }").0.error.expect("error");
    assert_eq!(
        (err.kind.as_str(), err.message.as_str()),
        ("Object", "{ code: 1 }")
    );
}

#[test]
fn process_exit_stops_at_once() {
    let (outcome, out) = run(
        "console.log(1); setTimeout(() => console.log('no'), 0); try { process.exit(3); } finally { console.log('no finally'); }",
    );
    assert_eq!(out, "1\n");
    assert_eq!(outcome.exit_code, Some(3));
    assert_eq!(outcome.error, None);
    let (outcome, out) = run(
        "process.on('exit', (c) => console.log('exit', c)); process.exitCode = 2; setTimeout(() => console.log('t'), 5)",
    );
    assert_eq!(out, "t\nexit 2\n");
    assert_eq!(outcome.exit_code, Some(2));
    let (outcome, _) = run("(async () => { await null; process.exit(5); })()");
    assert_eq!(outcome.exit_code, Some(5));
}

#[test]
fn unhandled_rejection_is_an_error_but_handled_ones_are_not() {
    let (outcome, _) = run("Promise.reject(new RangeError('nope'))");
    assert_eq!(outcome.error.expect("error").kind, "RangeError");
    let (outcome, out) = run(
        "const p = Promise.reject(new Error('x')); p.catch((e) => console.log('caught', e.message))",
    );
    assert_eq!((outcome.error, out.as_str()), (None, "caught x\n"));
    let (outcome, _) = run("await Promise.reject(new SyntaxError('late'))");
    assert_eq!(outcome.error.expect("error").kind, "SyntaxError");
}

#[test]
fn timers_follow_node_order_with_virtual_time() {
    let code = "setTimeout(() => console.log('b'), 20); setTimeout(() => console.log('a'), 10);\n\
                setImmediate(() => console.log('imm')); process.nextTick(() => console.log('tick'));\n\
                Promise.resolve().then(() => console.log('micro'));\n\
                let n = 0; const i = setInterval(() => { console.log('iv', ++n); if (n === 2) clearInterval(i); }, 15);";
    let (outcome, host) = run_with(code, false);
    assert_eq!(outcome, Outcome::default());
    assert_eq!(
        &*host.stdout.borrow(),
        "tick\nmicro\nimm\na\niv 1\nb\niv 2\n"
    );
    assert!(*host.clock.borrow() >= 30.0);
}

#[test]
fn call_tool_bridges_json_both_ways() {
    let (outcome, host) = run_with(
        "const r = await __codemode.callTool('math.add', { a: 1, b: 2 }); console.log(r.sum);\n\
         try { await __codemode.callTool('nope', {}); } catch (e) { console.log(e instanceof Error, e.message); }",
        false,
    );
    assert_eq!(outcome, Outcome::default());
    assert_eq!(&*host.stdout.borrow(), "3\ntrue unknown tool nope\n");
    assert_eq!(
        host.calls.borrow()[0],
        ("math.add".to_string(), r#"{"a":1,"b":2}"#.to_string())
    );
}

#[test]
fn es_modules_run_and_imports_fail_cleanly() {
    let (outcome, out) = run("export const a = 1;\nconsole.log('module', a, typeof this);\n");
    assert_eq!(
        (outcome.error, out.as_str()),
        (None, "module 1 undefined\n")
    );
    let err = run("import fs from 'fs';\nconsole.log(fs);")
        .0
        .error
        .expect("error");
    assert!(err.message.contains("fs"), "{err:?}");
}

#[test]
fn deep_recursion_is_a_range_error() {
    let (outcome, out) =
        run("function r() { return r() + 1; } try { r(); } catch (e) { console.log(e.name); }");
    assert_eq!((outcome.error, out.as_str()), (None, "RangeError\n"));
}

#[test]
fn node_globals_exist() {
    let (outcome, out) = run(
        "console.log(typeof require('util').inspect, typeof structuredClone, typeof TextEncoder, typeof URL,\n\
         typeof process.nextTick, typeof queueMicrotask, typeof setImmediate, typeof performance.now, btoa('a'))",
    );
    assert_eq!(outcome.error, None);
    assert_eq!(
        out,
        "function function function function function function function function YQ==\n"
    );
}

#[test]
fn provided_modules_servers_global_and_report() {
    let host = Rc::new(TestHost::default());
    let modules = vec![
        (
            "servers".to_owned(),
            "export default { math: { add: (a) => codemode.callTool('math.add', a) } };\n"
                .to_owned(),
        ),
        (
            "lib/a".to_owned(),
            "import { b } from './b';\nexport const a = () => b + 1;\n".to_owned(),
        ),
        ("lib/b".to_owned(), "export const b = 41;\n".to_owned()),
    ];
    let outcome = engine::run(
        &Request {
            code: "import { a } from 'lib/a.js';\nconst r = await servers.math.add({ x: 1 });\ncodemode.report({ a: a(), sum: r.sum });\n",
            filename: "<snippet>",
            show_last_value: false,
            modules: &modules,
        },
        host.clone(),
    );
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.report.as_deref(), Some(r#"{"a":42,"sum":3}"#));
    assert_eq!(
        host.calls.borrow().as_slice(),
        &[("math.add".to_owned(), r#"{"x":1}"#.to_owned())]
    );
}
